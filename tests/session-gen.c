/* session-gen: writes the shipped synthetic sessions (session_gen.h) as
 * evemu recordings, DIR/known-faults.evemu and DIR/clean.evemu, played by
 * the default hand. The build runs it (tests/CMakeLists.txt) for the audio
 * tests and benchmark; the files also replay by hand:
 *   build/smpsim inspect build/tests/sessions/known-faults.evemu \
 *       --scalp frontal-temporal --needle 0601rl --events
 * Usage: session-gen DIR
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "session_gen.h"

int main(int argc, char **argv)
{
	const struct session_gen_session *sessions[] = {
		&session_gen_known_faults, &session_gen_clean,
	};
	struct session_gen_hand hand;

	if (argc != 2) {
		fprintf(stderr, "usage: session-gen DIR\n");
		return 2;
	}
	session_gen_hand_default(&hand);
	for (size_t i = 0; i < sizeof(sessions) / sizeof(sessions[0]); i++) {
		char path[PATH_MAX];
		int rc;

		if (snprintf(path, sizeof(path), "%s/%s.evemu", argv[1],
			     sessions[i]->name) >= (int)sizeof(path)) {
			fprintf(stderr, "session-gen: %s: path too long\n", argv[1]);
			return 1;
		}
		rc = session_gen_write_file(path, &hand, sessions[i]);
		if (rc < 0) {
			fprintf(stderr, "session-gen: %s: %s\n", path, strerror(-rc));
			return 1;
		}
	}
	return 0;
}
