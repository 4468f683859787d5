/* trainee_open: `smpsim trainee open`, an instructor opening a lesson to a
 * trainee before the curriculum would (trainee_open.c). */
#ifndef SMPSIM_TRAINEE_OPEN_H
#define SMPSIM_TRAINEE_OPEN_H

/** Runs `smpsim trainee open` with the words after "open" (argv[0] is
 * "smpsim trainee", the name getopt_long() gives in its messages).
 * @return the exit status (cli.h). */
int trainee_open(int argc, char **argv);

#endif
