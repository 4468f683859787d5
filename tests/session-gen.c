/* session-gen: writes synthetic sessions (session_gen.h) as evemu
 * recordings.
 *
 *   session-gen DIR
 *       the tap tables, DIR/known-faults.evemu and DIR/clean.evemu, played
 *       by the default hand; the build runs it (tests/CMakeLists.txt) for
 *       the audio tests and benchmark.
 *   session-gen --demos DATA_DIR DIR
 *       the demo recordings of the soft-hairline lesson (read from
 *       DATA_DIR), DIR/hairline-careful.evemu and DIR/hairline-careless.evemu,
 *       stippled by the careful and the careless hand
 *       (session_gen_lesson.c); the build writes them to
 *       build/tests/recordings and a test checks data/recordings holds the
 *       same bytes. One line per file on stdout: taps, frames, length.
 *
 * The files replay by hand:
 *   build/smpsim inspect build/tests/sessions/known-faults.evemu \
 *       --scalp frontal-temporal --needle 0601rl --events
 *   build/smpsim score build/tests/recordings/hairline-careful.evemu \
 *       --lesson soft-hairline
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lesson_fixture.h"
#include "session_gen_lesson.h"

static int path_in(char *path, size_t size, const char *dir, const char *name)
{
	if (snprintf(path, size, "%s/%s.evemu", dir, name) >= (int)size) {
		fprintf(stderr, "session-gen: %s: path too long\n", dir);
		return -1;
	}
	return 0;
}

static int tables(const char *dir)
{
	const struct session_gen_session *sessions[] = {
		&session_gen_known_faults, &session_gen_clean,
	};
	struct session_gen_hand hand;

	session_gen_hand_default(&hand);
	for (size_t i = 0; i < sizeof(sessions) / sizeof(sessions[0]); i++) {
		char path[PATH_MAX];
		int rc;

		if (path_in(path, sizeof(path), dir, sessions[i]->name) < 0)
			return 1;
		rc = session_gen_write_file(path, &hand, sessions[i]);
		if (rc < 0) {
			fprintf(stderr, "session-gen: %s: %s\n", path, strerror(-rc));
			return 1;
		}
	}
	return 0;
}

static int demos(const char *data_dir, const char *dir)
{
	static struct lesson lesson;
	static struct lesson_session ls;
	char path[PATH_MAX], err[512];

	if (lesson_fixture_load(data_dir, SESSION_GEN_DEMO_LESSON, NULL, 0, &lesson, &ls,
				err, sizeof(err)) < 0) {
		fprintf(stderr, "session-gen: %s\n", err);
		return 1;
	}
	for (size_t i = 0; i < SESSION_GEN_DEMO_COUNT; i++) {
		static struct session_gen_stipple spec;
		struct session_gen_played played;
		int rc = session_gen_demo(session_gen_demo_names[i], &lesson, &ls, &spec);

		if (rc == 0 && path_in(path, sizeof(path), dir, session_gen_demo_names[i]) < 0)
			return 1;
		if (rc == 0)
			rc = session_gen_stipple_write_file(path, &spec, &played);
		if (rc < 0) {
			fprintf(stderr, "session-gen: %s: %s\n", session_gen_demo_names[i],
				strerror(-rc));
			return 1;
		}
		printf("%s: %zu taps, %zu frames, %.1f s\n", path, played.count, played.frames,
		       played.end_us / 1e6);
		session_gen_played_free(&played);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && argv[1][0] != '-')
		return tables(argv[1]);
	if (argc == 4 && !strcmp(argv[1], "--demos"))
		return demos(argv[2], argv[3]);
	fprintf(stderr, "usage: session-gen DIR\n"
			"       session-gen --demos DATA_DIR DIR\n");
	return 2;
}
