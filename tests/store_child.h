/* store_child: the program of a practice session, played by a child
 * process of a test through store.h: it opens a record, begins a session,
 * stores deposits and commits them, then dies or waits to be killed. For
 * the tests of sessions whose program is gone or still runs.
 */
#ifndef SMPSIM_STORE_CHILD_H
#define SMPSIM_STORE_CHILD_H

/**
 * In a child process: opens the record @p db with store_open(), begins a
 * session of trainee 1 (lesson "l", start_us 100 000), adds @p deposits
 * deposits, the i-th lifted at 200 000 + i * 100 000 us in region
 * "frontal", and commits them; then, with @p ready < 0, SIGKILLs itself,
 * else writes one byte to @p ready and waits to be killed (and is killed
 * when the test ends, even by a failure). Never returns; exits 3 to 6 when
 * a step fails.
 */
void store_child_session(const char *db, unsigned int deposits, int ready)
	__attribute__((noreturn));

#include <sys/types.h>

/**
 * store_child_session() in a child that lives on: returns once its
 * deposits are committed. @return the child's pid (to kill and wait for),
 * or -1 when it could not be started or did not get that far.
 */
pid_t store_child_live(const char *db, unsigned int deposits);

/**
 * store_child_session() in a child that kills itself (SIGKILL) once its
 * deposits are committed: a program that died mid-session, waited for.
 * @return 0 when it died so, -1 otherwise.
 */
int store_child_dead(const char *db, unsigned int deposits);

#endif
