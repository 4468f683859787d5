/* review_class: `smpsim review --class` (review_class.c), run by
 * cmd_review() when --class is among its options. */
#ifndef SMPSIM_REVIEW_CLASS_H
#define SMPSIM_REVIEW_CLASS_H

/** @return the exit status (cli.h); @p argv as cmd_review() has it. */
int review_class(int argc, char **argv);

#endif
