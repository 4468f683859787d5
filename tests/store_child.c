/* store_child: a session's program in a child process (store_child.h). */
#include "store_child.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store.h"

void store_child_session(const char *db, unsigned int deposits, int ready)
{
	char err[STORE_ERROR_MAX];
	struct store_session_info info = {
		.trainee = 1, .lesson_id = "l", .lesson_title = "L",
		.lesson_text = "x", .lesson_text_size = 1, .start_us = 100000,
	};
	struct store *store;
	int64_t session;

	if (ready >= 0)
		prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (store_open(db, &store, NULL, err, sizeof(err)) < 0 ||
	    store_session_begin(store, &info, &session) < 0)
		_exit(3);
	for (unsigned int i = 0; i < deposits; i++) {
		struct deposit d;

		memset(&d, 0, sizeof(d));
		d.id = i;
		d.up_us = 200000 + (int64_t)i * 100000;
		d.down_us = d.up_us - 30000;
		d.region = 0;
		d.nearest_mm = -1;
		if (store_session_add_deposit(store, session, &d, "frontal") < 0)
			_exit(4);
	}
	if (store_session_flush(store, session) < 0)
		_exit(5);
	if (ready < 0)
		raise(SIGKILL);
	if (write(ready, "r", 1) != 1)
		_exit(6);
	for (;;)
		pause();
}

pid_t store_child_live(const char *db, unsigned int deposits)
{
	int ready[2];
	char c;
	pid_t pid;

	if (pipe(ready) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(ready[0]);
		store_child_session(db, deposits, ready[1]);
	}
	close(ready[1]);
	if (pid > 0 && read(ready[0], &c, 1) != 1) {
		waitpid(pid, NULL, 0);
		pid = -1;
	}
	close(ready[0]);
	return pid;
}

int store_child_dead(const char *db, unsigned int deposits)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		store_child_session(db, deposits, -1);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? 0 : -1;
}
