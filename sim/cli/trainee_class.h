/* trainee_class: the class-list actions of `smpsim trainee` (rename,
 * merge, group, ungroup, list), each run by cmd_trainee.c with the words
 * after the action and the options it parsed. Each returns the program's
 * exit status (cli.h). */
#ifndef SMPSIM_TRAINEE_CLASS_H
#define SMPSIM_TRAINEE_CLASS_H

#include <stdbool.h>

/** What cmd_trainee.c parsed for an action. */
struct trainee_args {
	const char *db;          /**< --db, or NULL */
	const char *by;          /**< --by WHO, or NULL */
	const char *group;       /**< --group G ('list'), or NULL */
	bool json;
	char **words;            /**< the words after the action */
	int count;
};

/** `trainee rename OLD NEW [--by WHO]`. */
int trainee_rename(const struct trainee_args *a);

/** `trainee merge FROM INTO [--by WHO]`. */
int trainee_merge(const struct trainee_args *a);

/** `trainee group GROUP NAME...` (@p add) or `trainee ungroup GROUP NAME...`. */
int trainee_group(const struct trainee_args *a, bool add);

/** `trainee list [--group G] [--json]`: every trainee not merged, their
 * sessions, the date added, the name and their groups; merged ones after. */
int trainee_list(const struct trainee_args *a);

#endif
