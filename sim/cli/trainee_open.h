/* trainee_open: `smpsim trainee open`, an instructor opening a lesson to a
 * trainee before the curriculum would (trainee_open.c). */
#ifndef SMPSIM_TRAINEE_OPEN_H
#define SMPSIM_TRAINEE_OPEN_H

/** Runs `smpsim trainee open` with its arguments (argv[0] is "open").
 * @return the exit status (cli.h). */
int trainee_open(int argc, char **argv);

#endif
