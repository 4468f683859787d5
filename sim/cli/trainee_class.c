/* trainee_class: `smpsim trainee rename|merge|group|ungroup|list`, the
 * instructor's class list (store_class.h does the work).
 *
 * Names are checked before the record is opened where that needs no
 * record (a name that is not one is bad usage, exit 2, and changes
 * nothing); every trainee named in 'group' and 'ungroup' is looked up
 * before any is added or taken out, so a typo changes nothing. The list
 * shows merged trainees after the table, with whom they were merged into,
 * and a groups column only when someone is in a group, so a record with
 * neither lists as it did before groups were. An expert's name is followed
 * by "(expert)" (smpsim trainee expert).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store_class.h"
#include "store_cli.h"
#include "trainee_class.h"

/* Exit status for a store error: what the user named is wrong (2), or
 * the work could not be done (1). */
static int status_of(int rc)
{
	switch (rc) {
	case -ENOENT: case -ESTALE: case -EINVAL: case -ENAMETOOLONG:
		return CLI_BAD_INPUT;
	default:
		return CLI_FAILED;
	}
}

/* Says the store's error; a name that is no one's with where to look, as
 * review and every command that takes a trainee say it. */
static void store_failed(struct store *store, int rc)
{
	const char *err = store_error(store);
	bool nobody = rc == -ENOENT && !strncmp(err, "no trainee named ", 17);

	cli_error("trainee", "%s%s", err, nobody ? " (see 'smpsim trainee list')" : "");
}

static int check_name(const char *name, const char *what)
{
	char clean[STORE_NAME_MAX], why[STORE_ERROR_MAX];

	if (store_trainee_name(name, clean, why, sizeof(why)) == 0)
		return CLI_OK;
	cli_error("trainee", "%s '%s': %s", what, name, why);
	return CLI_BAD_INPUT;
}

/* Checks the two names of 'rename' or 'merge' and opens the record. */
static int open_for_two(const struct trainee_args *a, const char *action, const char *first,
			const char *second, const char *second_what, struct store **store)
{
	int status;

	if (a->count != 2) {
		cli_error("trainee", "%s takes two names, %s and %s: put a name with spaces "
			  "in quotes", action, first, second);
		return CLI_BAD_INPUT;
	}
	if ((status = check_name(a->words[0], "trainee")) != CLI_OK ||
	    (status = check_name(a->words[1], second_what)) != CLI_OK)
		return status;
	return store_cli_open("trainee", a->db, STORE_CLI_WRITE_EXISTING, store);
}

int trainee_rename(const struct trainee_args *a)
{
	char clean[STORE_NAME_MAX];
	struct store *store;
	int rc, status;

	if ((status = open_for_two(a, "rename", "OLD", "NEW", "new name", &store)) != CLI_OK)
		return status;
	rc = store_trainee_rename(store, a->words[0], a->words[1], a->by);
	if (rc == 0) {
		store_trainee_name(a->words[1], clean, NULL, 0);
		printf("renamed trainee %s to %s\n", cli_quote(a->words[0]), cli_quote(clean));
	} else {
		store_failed(store, rc);
		status = status_of(rc);
	}
	store_close(store);
	return status;
}

int trainee_merge(const struct trainee_args *a)
{
	char from[STORE_NAME_MAX], into[STORE_NAME_MAX];
	struct store *store;
	size_t moved = 0;
	int rc, status;

	if ((status = open_for_two(a, "merge", "FROM", "INTO", "trainee", &store)) != CLI_OK)
		return status;
	rc = store_trainee_merge(store, a->words[0], a->words[1], a->by, &moved);
	if (rc == 0) {
		store_trainee_name(a->words[0], from, NULL, 0);
		store_trainee_name(a->words[1], into, NULL, 0);
		printf("merged trainee %s into %s: %zu session%s moved\n", cli_quote(from),
		       cli_quote(into), moved, moved == 1 ? "" : "s");
	} else {
		store_failed(store, rc);
		status = status_of(rc);
	}
	store_close(store);
	return status;
}

int trainee_group(const struct trainee_args *a, bool add)
{
	const char *action = add ? "group" : "ungroup";
	char group[STORE_NAME_MAX], name[STORE_NAME_MAX];
	struct store *store;
	int rc = 0, status;
	bool added;

	if (a->count < 2) {
		cli_error("trainee", "%s takes a group and at least one trainee: smpsim trainee "
			  "%s GROUP NAME...", action, action);
		return CLI_BAD_INPUT;
	}
	if ((status = check_name(a->words[0], "group")) != CLI_OK)
		return status;
	for (int i = 1; i < a->count; i++)
		if ((status = check_name(a->words[i], "trainee")) != CLI_OK)
			return status;
	if ((status = store_cli_open("trainee", a->db, STORE_CLI_WRITE_EXISTING, &store)) != CLI_OK)
		return status;
	/* Everyone first, so a name that is no one's changes nothing. */
	for (int i = 1; i < a->count; i++) {
		int64_t id;
		int found = store_trainee_find(store, a->words[i], &id);

		if (found < 0 && !(found == -ESTALE && !add)) {
			store_failed(store, found);
			status = status_of(found);
		}
	}
	store_trainee_name(a->words[0], group, NULL, 0);
	for (int i = 1; status == CLI_OK && i < a->count; i++) {
		store_trainee_name(a->words[i], name, NULL, 0);
		rc = add ? store_group_add(store, a->words[0], a->words[i], &added) :
			   store_group_remove(store, a->words[0], a->words[i]);
		if (rc < 0) {
			cli_error("trainee", "%s", store_error(store));
			status = status_of(rc);
		} else if (add) {
			printf(added ? "added %s to group %s\n" : "%s was in group %s already\n",
			       cli_quote(name), cli_quote(group));
		} else {
			printf("took %s out of group %s\n", cli_quote(name), cli_quote(group));
		}
	}
	store_close(store);
	return status;
}

static void print_groups_json(const struct store_class_trainee *t)
{
	printf(", \"groups\": [");
	for (size_t g = 0; g < t->group_count; g++) {
		printf("%s", g ? ", " : "");
		cli_json_string(stdout, t->groups[g]);
	}
	printf("]");
}

static void list_json(const struct store_class_trainee *list, size_t count)
{
	bool first = true;

	printf("{\n  \"trainees\": [");
	for (size_t i = 0; i < count; i++) {
		if (list[i].merged_into)
			continue;
		printf("%s\n    {\"id\": %lld, \"name\": ", first ? "" : ",",
		       (long long)list[i].id);
		cli_json_string(stdout, list[i].name);
		printf(", \"added\": ");
		cli_json_string(stdout, list[i].created);
		printf(", \"sessions\": %zu, \"expert\": %s", list[i].sessions,
		       list[i].expert ? "true" : "false");
		print_groups_json(&list[i]);
		printf("}");
		first = false;
	}
	printf("%s]", first ? "" : "\n  ");
	first = true;
	for (size_t i = 0; i < count; i++) {
		if (!list[i].merged_into)
			continue;
		printf("%s\n    {\"id\": %lld, \"name\": ", first ? ",\n  \"merged\": [" : ",",
		       (long long)list[i].id);
		cli_json_string(stdout, list[i].name);
		printf(", \"into\": {\"id\": %lld, \"name\": ", (long long)list[i].merged_into);
		cli_json_string(stdout, list[i].merged_into_name);
		printf("}}");
		first = false;
	}
	printf("%s\n}\n", first ? "" : "\n  ]");
}

static void list_text(const struct store_class_trainee *list, size_t count, const char *group)
{
	static const char expert[] = " (expert)";   /* after an expert's name */
	size_t width = 2, name_width = 4, shown = 0;
	bool groups = false;
	char text[32];

	for (size_t i = 0; i < count; i++) {
		size_t n = (size_t)snprintf(text, sizeof(text), "%lld", (long long)list[i].id);

		if (list[i].merged_into)
			continue;
		width = n > width ? n : width;
		n = store_cli_width(list[i].name) + (list[i].expert ? strlen(expert) : 0);
		name_width = n > name_width ? n : name_width;
		groups = groups || list[i].group_count > 0;
		shown++;
	}
	if (shown == 0 && group)
		printf("no trainees in the group: add some with 'smpsim trainee group GROUP "
		       "NAME...'\n");
	else if (shown == 0)
		printf("no trainees yet: add one with 'smpsim trainee add NAME'\n");
	else if (groups)
		printf("%*s  sessions  added       %-*s  groups\n", (int)width, "id",
		       (int)name_width, "name");
	else
		printf("%*s  sessions  added       name\n", (int)width, "id");
	for (size_t i = 0; i < count; i++) {
		if (list[i].merged_into)
			continue;
		store_cli_local_time(list[i].created, STORE_CLI_DAY, text, sizeof(text));
		printf("%*lld  %8zu  %-10s  ", (int)width, (long long)list[i].id,
		       list[i].sessions, text);
		printf("%s%s", cli_quote(list[i].name), list[i].expert ? expert : "");
		if (list[i].group_count == 0) {
			printf("\n");
			continue;
		}
		printf("%*s", (int)(name_width - store_cli_width(list[i].name) -
				    (list[i].expert ? strlen(expert) : 0)), "");
		for (size_t g = 0; g < list[i].group_count; g++)
			printf("%s%s", g ? ", " : "  ", cli_quote(list[i].groups[g]));
		printf("\n");
	}
	for (size_t i = 0; i < count; i++) {
		if (!list[i].merged_into)
			continue;
		printf("merged: %s into %s\n", cli_quote(list[i].name),
		       cli_quote(list[i].merged_into_name));
	}
}

int trainee_list(const struct trainee_args *a)
{
	struct store_class_trainee *list;
	struct store *store;
	size_t count;
	int rc, status;

	if (a->count != 0) {
		cli_error("trainee", "list takes no names: to see one group's, use --group G");
		return CLI_BAD_INPUT;
	}
	if (a->group && (status = check_name(a->group, "group")) != CLI_OK)
		return status;
	if ((status = store_cli_open("trainee", a->db, STORE_CLI_READ, &store)) != CLI_OK)
		return status;
	rc = store_class_trainees(store, a->group, !a->group, &list, &count);
	if (rc < 0) {
		cli_error("trainee", "%s%s", store_error(store),
			  rc == -ENOENT ? " (groups are made by 'smpsim trainee group')" : "");
		store_close(store);
		return status_of(rc);
	}
	if (a->json)
		list_json(list, count);
	else
		list_text(list, count, a->group);
	store_class_trainees_free(list, count);
	store_close(store);
	return CLI_OK;
}
