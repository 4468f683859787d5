/* commands: smpsim's commands, one cmd_<name>.c each, run by main
 * (smpsim.c) with the command's own arguments (argv[0] is "smpsim NAME",
 * the name getopt_long() gives in its messages). Each returns the
 * program's exit status (cli.h: CLI_OK, CLI_FAILED, CLI_BAD_INPUT).
 */
#ifndef SMPSIM_COMMANDS_H
#define SMPSIM_COMMANDS_H

int cmd_devices(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_lessons(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_trainee(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_signoff(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_practice(int argc, char **argv);
int cmd_pen_check(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_progress(int argc, char **argv);
int cmd_certificate(int argc, char **argv);
int cmd_benchmark(int argc, char **argv);
int cmd_rescore(int argc, char **argv);
/** `smpsim trainee expert ...` (trainee_expert.c), from cmd_trainee(). */
int cmd_trainee_expert(int argc, char **argv);

#endif
