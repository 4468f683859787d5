/* fake-view-module: a view module from another build, for test-install:
 * it exports smpsim_view_plugin() with a table whose interface version is
 * one past this tree's, which the program must refuse by name
 * (sim/session/view_link.c) rather than call into.
 */
#include "view_plugin.h"

static const struct view_plugin other_build = {
	.abi = VIEW_PLUGIN_ABI + 1,
	.size = sizeof(struct view_plugin),
};

__attribute__((visibility("default"))) const struct view_plugin *smpsim_view_plugin(void)
{
	return &other_build;
}
