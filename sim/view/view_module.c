/* view_module: the one symbol smpsim-view.so exports, the table of
 * view_plugin.h. Everything else in the module is hidden (built with
 * -fvisibility=hidden), so it neither clashes with the program's own
 * copies of the model and lessons nor can be reached past the table.
 */
#include <errno.h>
#include <stdio.h>

#include "view_plugin.h"
#include "view_scene.h"
#include "view_template.h"
#include "view_window.h"

/* The template is the only drawing of the command that asks for it (no
 * window is open): the fonts pango and fontconfig loaded for it are
 * released with it, so the process ends with nothing left allocated. */
static int write_template(const struct lesson *lesson, const struct scalp_model *scalp,
			  int fd, bool pdf, char *why, size_t why_size)
{
	int rc = view_template_write(lesson, scalp, fd, pdf, why, why_size);

	view_release_fonts();
	return rc;
}

static const struct view_plugin table = {
	.abi = VIEW_PLUGIN_ABI,
	.size = sizeof(struct view_plugin),
	.open = view_window_open,
	.post_pen = view_window_post_pen,
	.post_event = view_window_post_event,
	.next_key = view_window_next_key,
	.replay = view_window_replay,
	.close = view_window_close,
	.write_template = write_template,
};

__attribute__((visibility("default"))) const struct view_plugin *smpsim_view_plugin(void)
{
	return &table;
}
