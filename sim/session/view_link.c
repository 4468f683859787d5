/* view_link: the module found beside the program and loaded once by its
 * path, never by a SONAME the loader would look for on its own: a module
 * of another smpsim on the library path must not be picked up. Both sides
 * come from one tree, so the table is taken only when its abi and size
 * are this program's; a module from another build is refused by name.
 * The mapping is applied here as sim/model/sim_session.c applies it, so
 * the cursor is where the needle lands, and times are made the session's
 * (from its start), which the view's clock and fault marks count in.
 */
#include "view_link.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "data_dir.h"
#include "dl_library.h"

struct module_table {
	const struct view_plugin *(*plugin)(void);
};

static struct {
	pthread_once_t once;
	const struct view_plugin *plugin;
	char why[2 * PATH_MAX + 1024];
} module = { PTHREAD_ONCE_INIT, NULL, "" };

static void load_module(void)
{
	static const struct dl_symbol symbols[] = {
		DL_SYMBOL(struct module_table, plugin, "smpsim_view_plugin"),
	};
	char path[PATH_MAX], looked[PATH_MAX + 128], err[512];
	struct module_table table;
	const struct view_plugin *p;
	int rc;

	if (data_dir_find_view_module(path, sizeof(path), looked, sizeof(looked)) ==
	    DATA_DIR_NONE) {
		snprintf(module.why, sizeof(module.why), "the view's module smpsim-view.so "
			 "is not installed: looked for %s", looked);
		return;
	}
	rc = dl_library_open(path, 0, symbols, 1, &table, err,
			     sizeof(err));
	if (rc < 0) {
		snprintf(module.why, sizeof(module.why), "%s: cannot load the view's "
			 "module: %s", path, err);
		return;
	}
	p = table.plugin();
	if (!p || p->abi != VIEW_PLUGIN_ABI || p->size != sizeof(struct view_plugin)) {
		snprintf(module.why, sizeof(module.why), "%s: a view module of another "
			 "build (interface %d, %zu bytes; this program's is %d, %zu bytes); "
			 "reinstall smpsim", path, p ? p->abi : -1, p ? p->size : 0,
			 VIEW_PLUGIN_ABI, sizeof(struct view_plugin));
		return;
	}
	module.plugin = p;
}

const struct view_plugin *view_link_plugin(char *why, size_t why_size)
{
	pthread_once(&module.once, load_module);
	if (!module.plugin && why && why_size)
		snprintf(why, why_size, "%s", module.why);
	return module.plugin;
}

int view_link_open_with(struct view_link *link, const struct view_plugin *plugin,
			const struct view_setup *setup, char *why, size_t why_size)
{
	double r = setup->sim.mapping.rotation_deg * M_PI / 180.0;

	memset(link, 0, sizeof(*link));
	link->mapping = setup->sim.mapping;
	link->cos_r = cos(r);
	link->sin_r = sin(r);
	if (!(link->plugin = plugin))
		return -ENOENT;
	return link->plugin->open(setup, &link->view, why, why_size);
}

int view_link_open(struct view_link *link, const struct view_setup *setup, char *why,
		   size_t why_size)
{
	const struct view_plugin *plugin = view_link_plugin(why, why_size);

	if (!plugin) {
		memset(link, 0, sizeof(*link));
		return -ENOENT;
	}
	return view_link_open_with(link, plugin, setup, why, why_size);
}

void view_link_post_sample(struct view_link *link, const struct pen_sample *s)
{
	const struct sim_mapping *m = &link->mapping;
	struct pen_sample at;

	if (!link->view)
		return;
	at = *s;
	at.time_us -= link->start_us;
	link->plugin->post_pen(link->view, &at,
			       m->offset_x_mm + m->scale * (link->cos_r * s->x_mm -
							   link->sin_r * s->y_mm),
			       m->offset_y_mm + m->scale * (link->sin_r * s->x_mm +
							   link->cos_r * s->y_mm));
}

void view_link_post_event(struct view_link *link, const struct sim_event *e,
			  const struct deposit *deposit)
{
	struct sim_event at;
	struct deposit d;

	if (!link->view)
		return;
	at = *e;
	at.time_us -= link->start_us;
	if (deposit) {
		d = *deposit;
		d.down_us -= link->start_us;
		d.up_us -= link->start_us;
	}
	link->plugin->post_event(link->view, &at, deposit ? &d : NULL);
}

enum view_key view_link_next_key(struct view_link *link)
{
	return link->view ? link->plugin->next_key(link->view) : VIEW_KEY_NONE;
}

int view_link_close(struct view_link *link, char *why, size_t why_size)
{
	int rc = 0;

	if (link->view)
		rc = link->plugin->close(link->view, why, why_size);
	link->view = NULL;
	return rc;
}
