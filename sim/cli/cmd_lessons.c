/* smpsim lessons: the curriculum and its lessons, for trainees.
 *
 * `smpsim lessons` lists the curriculum (data/lessons/curriculum.yaml) in
 * teaching order: number, id, title, scalp model, needle, time limit.
 * `smpsim lessons show ID` explains one lesson in plain words: what to do,
 * where to work, the density and depth to aim for, the time limit, how it
 * is scored, what passes and what fails at once. --json gives the same
 * for machines.
 *
 * `smpsim lessons template ID -o FILE.svg|FILE.pdf` writes the lesson's
 * work area at 1:1 with a 50 mm check bar, to print (the view's module,
 * smpsim-view.so, draws it: sim/view/view_template.c), through an
 * out_file like every file smpsim writes.
 *
 * `smpsim lessons check FILE...` checks lesson, scalp model, needle and
 * curriculum files (each file's kind told by a top-level key, as
 * tests/fuzz-yaml.c tells them) and says "FILE: ok (lesson ID)" or the
 * file:line error of each.
 *
 * Lessons, scalp models and needles are found along the search path
 * (cli_library_open(): $SMPSIM_LESSONS_PATH, the user's folder, the data
 * folder's); the list also loads every lesson file on the path, so a
 * broken one outside the curriculum is reported after it.
 *
 * Everything is loaded and checked before anything is printed (the
 * curriculum loads every lesson), so a bad file gives its "file:line:
 * message" and exit 2 with nothing on standard output.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_csv.h"
#include "cli.h"
#include "commands.h"
#include "lesson_apply.h"
#include "lesson_load.h"
#include "lessons_levels.h"
#include "needle_load.h"
#include "scalp_load.h"
#include "out_file.h"
#include "store.h"
#include "view_link.h"

static const char lessons_usage[] =
	"usage: smpsim lessons [--json]\n"
	"       smpsim lessons show ID|FILE [--db PATH] [--json]\n"
	"       smpsim lessons template ID|FILE -o FILE.svg|FILE.pdf [--force]\n"
	"       smpsim lessons check FILE...\n"
	"\n"
	"Lists the curriculum, the lessons in teaching order: number, id, title,\n"
	"scalp model, needle and time limit. 'show ID' explains one lesson: what\n"
	"to do, where to work, the density and depth to aim for, the time limit,\n"
	"the exam mode and sound the lesson sets (its feedback:), how it is\n"
	"scored, what passes and what fails at once. 'template ID'\n"
	"writes the lesson's work area at real scale (1 mm on paper for 1 mm of\n"
	"scalp) as SVG or PDF, by FILE's extension: its zones, designed hairline,\n"
	"title and size, and a 50 mm bar to check the print (print at 100%).\n"
	"'check FILE...' checks lesson, scalp model, needle and curriculum files:\n"
	"'FILE: ok (lesson ID)' (or scalp model ID, needle ID, curriculum, N\n"
	"lessons) or FILE:LINE: what is wrong, exit 2 if any fails.\n"
	"A lesson is named by its id or by its file's path (with a '/' or\n"
	"ending in .yaml; its id is still the file's name).\n"
	"\n"
	"  --json      print JSON instead of text\n"
	"  --db PATH   show: read the trainee record too, and say for each\n"
	"              required measure whether its level is the lesson file's or\n"
	"              a benchmark's derived from experts (smpsim benchmark);\n"
	"              without it, the trainee record (default $SMPSIM_DB,\n"
	"              else $XDG_DATA_HOME/smpsim/smpsim.db, else\n"
	"              ~/.local/share/smpsim/smpsim.db) when it exists and\n"
	"              can be read\n"
	"  -o FILE     template: the file to write (.svg or .pdf)\n"
	"  --force     template: replace FILE if it exists\n"
	"  -h, --help  print this help\n"
	"\n"
	"Lessons are ID.yaml found along a search path: the folders of\n"
	"$SMPSIM_LESSONS_PATH (colon-separated, in order), then\n"
	"$XDG_DATA_HOME/smpsim/lessons (else ~/.local/share/smpsim/lessons), then\n"
	"the data folder's lessons/ (the data folder is $SMPSIM_DATA_DIR, else\n"
	"share/smpsim beside the program: 'smpsim --help' says which). A lesson\n"
	"found earlier shadows a later one of its id; a folder's scalps/ and\n"
	"needles/ hold its scalp models and needles. The curriculum is the\n"
	"curriculum.yaml of the first folder that has one. Every lesson of the\n"
	"curriculum is checked first: a bad lesson or curriculum file is reported\n"
	"as FILE:LINE: what is wrong, exit 2, as is an unknown lesson; with no\n"
	"curriculum file at all, exit 1. The list then names each lesson file on\n"
	"the path that does not load, and exits 2 when there is one.\n";

/* ---- the measures in plain words ---- */

enum unit { UNIT_SHARE, UNIT_MM, UNIT_COUNT, UNIT_RATIO, UNIT_PER_MIN };

static const struct {
	const char *words;
	enum unit unit;
} metric_words[SCORE_METRIC_COUNT] = {
	[SCORE_DEPTH_IN_BAND] = { "dots at the target depth", UNIT_SHARE },
	[SCORE_DEPTH_ERROR_MEAN] = { "average miss of the depth band", UNIT_MM },
	[SCORE_DEPTH_ERROR_SD] = { "spread of the depth misses", UNIT_MM },
	[SCORE_OVERDEEP] = { "overdeep dots", UNIT_COUNT },
	[SCORE_NN_MEAN] = { "average distance to the nearest dot", UNIT_MM },
	[SCORE_NN_CV] = { "unevenness of the spacing", UNIT_RATIO },
	[SCORE_RHO] = { "closest pair against ideal spacing", UNIT_RATIO },
	[SCORE_CLARK_EVANS] = { "regularity of the spacing", UNIT_RATIO },
	[SCORE_PERIODOGRAM_PEAK] = { "rows or grid in the pattern", UNIT_RATIO },
	[SCORE_DENSITY_L1] = { "density off target", UNIT_RATIO },
	[SCORE_COVERAGE] = { "zone covered", UNIT_SHARE },
	[SCORE_GAPS] = { "empty patches", UNIT_COUNT },
	[SCORE_MERGED] = { "dots merged with another", UNIT_SHARE },
	[SCORE_SIZE_CV] = { "variation of dot size", UNIT_RATIO },
	[SCORE_OUTSIDE] = { "dots outside the zone", UNIT_SHARE },
	[SCORE_HAIRLINE_WIDTH] = { "width of the hairline fade", UNIT_MM },
	[SCORE_HAIRLINE_RESIDUAL] = { "patchiness of the hairline fade", UNIT_RATIO },
	[SCORE_PACE] = { "pace", UNIT_PER_MIN },
	[SCORE_COMPLETION] = { "work done, of the dots asked for", UNIT_SHARE },
	[SCORE_SHALLOW] = { "dots too shallow", UNIT_SHARE },
	[SCORE_DEEP] = { "dots too deep (they blur)", UNIT_SHARE },
	[SCORE_TOO_CLOSE] = { "dots too close to a neighbour", UNIT_SHARE },
	[SCORE_OBLIQUE] = { "dots made with the needle oblique", UNIT_SHARE },
	[SCORE_DRAGGED] = { "tails and drag lines", UNIT_SHARE },
	[SCORE_DENSITY_DISPERSION] = { "patchiness of the density (random is 1)", UNIT_RATIO },
	[SCORE_HAIRLINE_FRONT] = { "dots in front of the hairline", UNIT_SHARE },
};

static void value_words(enum score_metric m, double v, char *out, size_t size)
{
	switch (metric_words[m].unit) {
	case UNIT_SHARE: snprintf(out, size, "%g%%", v * 100); break;
	case UNIT_MM: snprintf(out, size, "%g mm", v); break;
	case UNIT_PER_MIN: snprintf(out, size, "%g dots a minute", v); break;
	case UNIT_COUNT:
	case UNIT_RATIO: snprintf(out, size, "%g", v); break;
	}
}

static void range_words(enum score_metric m, double a, double b, char *out, size_t size)
{
	switch (metric_words[m].unit) {
	case UNIT_SHARE: snprintf(out, size, "%g to %g%%", a * 100, b * 100); break;
	case UNIT_MM: snprintf(out, size, "%g to %g mm", a, b); break;
	case UNIT_PER_MIN: snprintf(out, size, "%g to %g dots a minute", a, b); break;
	case UNIT_COUNT:
	case UNIT_RATIO: snprintf(out, size, "%g to %g", a, b); break;
	}
}

static void duration_words(double s, char *out, size_t size)
{
	double min = floor(s / 60), sec = s - 60 * min;

	if (min == 0)
		snprintf(out, size, "%g s", s);
	else if (sec == 0)
		snprintf(out, size, "%g min", min);
	else
		snprintf(out, size, "%g min %g s", min, sec);
}

/* ---- loading ---- */

struct lessons_cmd {
	char curriculum_path[4200];
	struct curriculum curriculum;
	struct lesson lesson;
	char lesson_path[4200];
	struct lesson_origin origin;  /* where the lesson's file came from */
	struct lesson_session models; /* scalp (with the lesson's bands), needle */
	bool json;
	const char *db;               /* show --db: the levels in force there */
	struct store_benchmark bench; /* in force in it (id 0: none) */
};

/* @return CLI_OK, or the exit status after printing the error. */
static int load_curriculum(struct lessons_cmd *c)
{
	char err[1024];
	struct stat st;
	int rc;

	cli_data_dir();  /* says when there is no data folder */
	data_library_curriculum(cli_library(), c->curriculum_path,
				sizeof(c->curriculum_path));
	if (stat(c->curriculum_path, &st) < 0) {
		cli_error("lessons", "cannot read %s: %s", c->curriculum_path, strerror(errno));
		return CLI_FAILED;
	}
	rc = curriculum_load(c->curriculum_path, cli_library(), &c->curriculum, err,
			     sizeof(err));
	if (rc < 0) {
		cli_quote_message(err);
		return rc == -ENOMEM ? CLI_FAILED : CLI_BAD_INPUT;
	}
	return CLI_OK;
}

/* Loads lesson @p id with its scalp model (the lesson's depth bands in it)
 * and needle. */
static int load_lesson(struct lessons_cmd *c, const char *id)
{
	char *path = c->lesson_path, err[1024];
	const struct lesson *lesson;
	int rc = lesson_find_in(cli_library(), id, path, sizeof(c->lesson_path), &c->origin,
				err, sizeof(err));

	if (rc < 0) {
		cli_error("lessons", "%s", err);
		return CLI_BAD_INPUT;
	}
	rc = lesson_load_once(path, cli_library(), &lesson, err, sizeof(err));
	if (rc == 0) {
		c->lesson = *lesson;
		rc = lesson_session_prepare(&c->lesson, cli_library(), &c->models, err,
					    sizeof(err));
	}
	if (rc < 0) {
		cli_quote_message(err);
		return rc == -ENOMEM ? CLI_FAILED : CLI_BAD_INPUT;
	}
	return CLI_OK;
}

/* ---- the list ---- */

static int list(struct lessons_cmd *c)
{
	size_t w_id = strlen("id"), w_title = strlen("title"), w_scalp = strlen("scalp");
	size_t w_needle = strlen("needle");
	const struct lesson **all = calloc(c->curriculum.count, sizeof(*all));
	char path[4200], err[1024], time[64];
	int status = CLI_OK;

	if (!all) {
		cli_error("lessons", "out of memory");
		return CLI_FAILED;
	}
	for (size_t i = 0; i < c->curriculum.count; i++) {
		/* Loaded with the curriculum, found as it found them. */
		if (data_library_find(cli_library(), DATA_LESSON, c->curriculum.ids[i], path,
				      sizeof(path), NULL, err, sizeof(err)) < 0 ||
		    lesson_load_once(path, cli_library(), &all[i], err, sizeof(err)) < 0) {
			cli_quote_message(err);
			status = CLI_FAILED;
			goto out;
		}
#define WIDEST(w, s) w = strlen(cli_quote(s)) > w ? strlen(cli_quote(s)) : w
		WIDEST(w_id, all[i]->id);
		WIDEST(w_title, all[i]->title);
		WIDEST(w_scalp, all[i]->scalp);
		WIDEST(w_needle, all[i]->needle);
#undef WIDEST
	}
	if (c->json) {
		printf("{\n  \"curriculum\": ");
		cli_json_string(stdout, c->curriculum_path);
		printf(",\n  \"lessons\": [");
		for (size_t i = 0; i < c->curriculum.count; i++) {
			printf("%s\n    { \"number\": %zu, \"id\": ", i ? "," : "", i + 1);
			cli_json_string(stdout, all[i]->id);
			printf(", \"title\": ");
			cli_json_string(stdout, all[i]->title);
			printf(", \"scalp\": ");
			cli_json_string(stdout, all[i]->scalp);
			printf(", \"needle\": ");
			cli_json_string(stdout, all[i]->needle);
			printf(", \"time_limit_s\": ");
			cli_json_number(stdout, all[i]->time_limit_s);
			printf(" }");
		}
		printf("\n  ]\n}\n");
		goto out;
	}
	printf("The curriculum, %zu lessons in teaching order (%s):\n\n",
	       c->curriculum.count, cli_quote(c->curriculum_path));
	printf(" #  %-*s  %-*s  %-*s  %-*s  time limit\n", (int)w_id, "id", (int)w_title,
	       "title", (int)w_scalp, "scalp", (int)w_needle, "needle");
	for (size_t i = 0; i < c->curriculum.count; i++) {
		duration_words(all[i]->time_limit_s, time, sizeof(time));
		printf("%2zu  %-*s  %-*s  %-*s  %-*s  %s\n", i + 1, (int)w_id,
		       cli_quote(all[i]->id), (int)w_title, cli_quote(all[i]->title),
		       (int)w_scalp, cli_quote(all[i]->scalp), (int)w_needle,
		       cli_quote(all[i]->needle), time);
	}
	printf("\n'smpsim lessons show ID' explains a lesson.\n");
out:
	free(all);
	return status;
}

/* Loads every lesson file found along the search path (each folder's
 * *.yaml but the curriculum, shadowed ones too) and reports those that do
 * not load, so a typo in a lesson outside the curriculum is not missed.
 * @return CLI_OK, or CLI_BAD_INPUT when one did not load. */
static int report_broken(void)
{
	struct data_library *lib = cli_library();
	int status = CLI_OK;

	for (size_t i = 0; i < data_library_folder_count(lib); i++) {
		char dir[4096], path[4400], err[1024];
		const struct lesson *lesson;
		struct dirent **names;
		int n;

		data_library_folder(lib, i, DATA_LESSON, dir, sizeof(dir), NULL);
		if ((n = scandir(dir, &names, NULL, alphasort)) < 0)
			continue;
		for (int k = 0; k < n; k++) {
			const char *name = names[k]->d_name;
			size_t len = strlen(name);

			if (len > 5 && !strcmp(name + len - 5, ".yaml") &&
			    strcmp(name, LESSON_CURRICULUM_ID ".yaml")) {
				snprintf(path, sizeof(path), "%s/%s", dir, name);
				if (lesson_load_once(path, lib, &lesson, err, sizeof(err)) < 0) {
					if (status == CLI_OK)
						fprintf(stderr, "smpsim lessons: lesson files on "
							"the search path that do not load:\n");
					cli_quote_message(err);
					status = CLI_BAD_INPUT;
				}
			}
			free(names[k]);
		}
		free(names);
	}
	return status;
}

/* ---- lessons check ---- */

enum file_kind { KIND_LESSON, KIND_SCALP, KIND_NEEDLE, KIND_CURRICULUM, KIND_QUIRKS };

/* @return whether a line of @p text begins with @p key (a top-level key). */
static bool top_key(const char *text, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = text; p; p = strchr(p, '\n')) {
		p += *p == '\n';
		if (!strncmp(p, key, n))
			return true;
	}
	return false;
}

/* A file's kind by its top-level keys, as tests/fuzz-yaml.c tells them:
 * a curriculum lists lessons, a scalp model has an area and regions, a
 * needle a hang and points; anything else is read as a lesson. */
static enum file_kind kind_of(const char *text)
{
	if (top_key(text, "lessons:"))
		return KIND_CURRICULUM;
	if (top_key(text, "quirks:"))
		return KIND_QUIRKS;
	if (top_key(text, "area-mm:") || top_key(text, "regions:"))
		return KIND_SCALP;
	if (top_key(text, "hang-mm:") || top_key(text, "points:"))
		return KIND_NEEDLE;
	return KIND_LESSON;
}

/* Checks one file. @return 0 after "FILE: ok (...)" on standard output,
 * or -1 after its error on standard error. */
static int check_one(const char *path)
{
	struct data_library *lib = cli_library();
	char err[1024], *text = NULL, what[256];
	size_t size = 0;
	FILE *f = fopen(path, "r");
	int rc = -EINVAL;

	if (!f) {
		cli_error("lessons", "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	{
		FILE *mem = open_memstream(&text, &size);
		char buf[4096];
		size_t n;

		while (mem && (n = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, n, mem);
		if (mem)
			fclose(mem);
	}
	fclose(f);
	if (!text) {
		cli_error("lessons", "out of memory");
		return -1;
	}
	switch (kind_of(text)) {
	case KIND_CURRICULUM: {
		struct curriculum *cur = calloc(1, sizeof(*cur));

		rc = cur ? curriculum_load(path, lib, cur, err, sizeof(err)) : -ENOMEM;
		if (rc == 0)
			snprintf(what, sizeof(what), "curriculum, %zu lessons", cur->count);
		free(cur);
		break;
	}
	case KIND_SCALP: {
		struct scalp_model *m = calloc(1, sizeof(*m));

		rc = m ? scalp_load(path, m, err, sizeof(err)) : -ENOMEM;
		if (rc == 0)
			snprintf(what, sizeof(what), "scalp model %s", m->id);
		free(m);
		break;
	}
	case KIND_NEEDLE: {
		struct needle nd;

		rc = needle_load(path, &nd, err, sizeof(err));
		if (rc == 0)
			snprintf(what, sizeof(what), "needle %s", nd.id);
		break;
	}
	case KIND_LESSON: {
		struct lesson *l = calloc(1, sizeof(*l));
		struct lesson_session *ls = calloc(1, sizeof(*ls));

		rc = l && ls ? lesson_load(path, lib, l, err, sizeof(err)) : -ENOMEM;
		/* As practice and score would use it: its bands on its scalp. */
		if (rc == 0)
			rc = lesson_session_prepare(l, lib, ls, err, sizeof(err));
		if (rc == 0)
			snprintf(what, sizeof(what), "lesson %s", l->id);
		free(l);
		free(ls);
		break;
	}
	case KIND_QUIRKS:
		snprintf(err, sizeof(err), "%s: a device quirks file ('quirks:'), not a "
			 "lesson, scalp model, needle or curriculum", path);
		break;
	}
	free(text);
	if (rc == -ENOMEM)
		snprintf(err, sizeof(err), "%s: out of memory", path);
	if (rc < 0) {
		cli_quote_message(err);
		return -1;
	}
	printf("%s: ok (%s)\n", cli_quote(path), what);
	return 0;
}

/* `lessons check FILE...`: @return CLI_OK when every file passes, else
 * CLI_BAD_INPUT (each failure said). */
static int check(int argc, char **argv)
{
	int status = CLI_OK;

	cli_data_dir();  /* says when there is no data folder */
	for (int i = 0; i < argc; i++)
		if (check_one(argv[i]) < 0)
			status = CLI_BAD_INPUT;
	return status;
}

/* ---- one lesson ---- */

/* 1-based place of the lesson in the curriculum, 0 when it is not there. */
static size_t lesson_number(const struct lessons_cmd *c)
{
	for (size_t i = 0; i < c->curriculum.count; i++)
		if (!strcmp(c->curriculum.ids[i], c->lesson.id))
			return i + 1;
	return 0;
}

static double zone_area(const struct scalp_polygon *p)
{
	double a = 0;

	for (size_t i = 0, j = p->count - 1; i < p->count; j = i++)
		a += p->points[j].x * p->points[i].y - p->points[i].x * p->points[j].y;
	return fabs(a) / 2;
}

static void zone_bounds(const struct scalp_polygon *p, double b[4])
{
	b[0] = b[2] = p->points[0].x;
	b[1] = b[3] = p->points[0].y;
	for (size_t i = 1; i < p->count; i++) {
		b[0] = fmin(b[0], p->points[i].x);
		b[2] = fmax(b[2], p->points[i].x);
		b[1] = fmin(b[1], p->points[i].y);
		b[3] = fmax(b[3], p->points[i].y);
	}
}

/* The dots the lesson asks for, as completion counts them: its
 * target-dots, or the target density over the zones as the density
 * measure's cells sum it (score_density_map(): none in front of the
 * hairline). NaN when the cells cannot be had. */
static double dots_due(const struct lesson *l)
{
	struct scalp_polygon zones[LESSON_ZONES_MAX];
	struct score_frame frame = { .zones = zones, .zone_count = l->zone_count,
				     .density = l->density };
	struct score_density_map map;
	double due = 0;

	if (l->target_dots > 0)
		return l->target_dots;
	for (size_t z = 0; z < l->zone_count; z++)
		zones[z] = l->zones[z].polygon;
	if (l->hairline_count) {
		frame.hairline = l->hairline;
		frame.hairline_count = l->hairline_count;
	}
	if (score_density_map(NULL, 0, &frame, &map) < 0)
		return NAN;
	for (int c = 0; c < map.cols * map.rows; c++)
		due += map.due[c];
	score_density_map_free(&map);
	return due;
}

/* Marks the regions the lesson's zones lie in: the region found at every
 * point of a 0.5 mm grid inside a zone (regions are drawn over each other,
 * so overlapping polygons would overcount; vertices may sit on a region's
 * edge, so they are not asked). */
static void regions_worked(const struct lessons_cmd *c, bool used[SCALP_REGIONS_MAX])
{
	memset(used, 0, SCALP_REGIONS_MAX * sizeof(used[0]));
	for (size_t z = 0; z < c->lesson.zone_count; z++) {
		const struct scalp_polygon *p = &c->lesson.zones[z].polygon;
		double b[4];
		size_t r;

		zone_bounds(p, b);
		for (double x = b[0] + 0.25; x < b[2]; x += 0.5)
			for (double y = b[1] + 0.25; y < b[3]; y += 0.5)
				if (scalp_polygon_contains(p, x, y) &&
				    (r = scalp_region_at(&c->models.scalp, x, y)) != SCALP_NO_REGION)
					used[r] = true;
	}
}

/* The band region @p r is judged by in this lesson; @return true when the
 * lesson changes it. */
static bool region_depth(const struct lessons_cmd *c, size_t r, double *min, double *max,
			 double *overdeep)
{
	const struct scalp_region *reg = &c->models.scalp.regions[r];

	for (size_t i = 0; i < c->lesson.depth_count; i++)
		if (!strcmp(c->lesson.depth[i].region, reg->id)) {
			*min = c->lesson.depth[i].band_min_mm;
			*max = c->lesson.depth[i].band_max_mm;
			*overdeep = c->lesson.depth[i].overdeep_mm;
			return true;
		}
	*min = reg->band_min_mm;
	*max = reg->band_max_mm;
	*overdeep = reg->overdeep_mm;
	return false;
}

static double total_weight(const struct score_rubric *r)
{
	double w = 0;

	for (size_t i = 0; i < r->item_count; i++)
		w += r->items[i].weight;
	return w;
}

static void print_indented(const char *text)
{
	const char *p = cli_quote_lines(text);

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		printf(len ? "  %.*s\n" : "\n", (int)len, p);
		p += len + (nl != NULL);
	}
}

/* Prints @p text, quoted, word-wrapped to 78 columns, the first line
 * indented by @p indent spaces, the others by @p hang. */
static void print_wrapped(const char *text, int indent, int hang)
{
	text = cli_quote(text);
	while (*text) {
		int width = 78 - indent, len = (int)strlen(text), cut = len;

		if (len > width) {
			for (cut = width; cut > 0 && text[cut] != ' '; cut--)
				;
			if (cut == 0)
				cut = width;
		}
		printf("%*s%.*s\n", indent, "", cut, text);
		text += cut;
		while (*text == ' ')
			text++;
		indent = hang;
	}
}

static void show_where(const struct lessons_cmd *c)
{
	const struct lesson *l = &c->lesson;
	const struct sim_mapping *m = &l->mapping;

	printf("\nWhere to work\n");
	printf("  Scalp model: %s (%s), %g x %g mm\n", cli_quote(c->models.scalp.name),
	       cli_quote(c->models.scalp.id), c->models.scalp.width_mm,
	       c->models.scalp.height_mm);
	printf("  Needle: %s (%s)\n", cli_quote(c->models.needle.name),
	       cli_quote(c->models.needle.id));
	for (size_t i = 0; i < l->zone_count; i++) {
		double b[4];

		zone_bounds(&l->zones[i].polygon, b);
		printf("  Zone %s: %.0f mm^2, x %g to %g mm, y %g to %g mm\n",
		       cli_quote(l->zones[i].id),
		       zone_area(&l->zones[i].polygon), b[0], b[2], b[1], b[3]);
	}
	if (l->hairline_count)
		printf("  Hairline: %zu points from (%g, %g) to (%g, %g) mm; the hair is "
		       "behind it\n", l->hairline_count, l->hairline[0].x, l->hairline[0].y,
		       l->hairline[l->hairline_count - 1].x,
		       l->hairline[l->hairline_count - 1].y);
	if (!l->mapping_stated) {
		struct lesson_area a;
		char text[320];

		lesson_work_area(l, &c->models.scalp, &a);
		snprintf(text, sizeof(text), "Pad to scalp: the work area, x %g to %g mm, y %g "
			 "to %g mm (zones and hairline, %g mm around), centred on the pad at "
			 "real scale, 1 mm on the pad is 1 mm on the scalp: it needs a pad of "
			 "at least %g x %g mm", a.x_mm, a.x_mm + a.width_mm, a.y_mm,
			 a.y_mm + a.height_mm, LESSON_WORK_MARGIN_MM, a.width_mm, a.height_mm);
		print_wrapped(text, 2, 4);
	} else if (m->offset_x_mm == 0 && m->offset_y_mm == 0 && m->scale == 1 &&
		   m->rotation_deg == 0) {
		printf("  Pad to scalp: real scale, 1 mm on the pad is 1 mm on the scalp, "
		       "the pad's corner on the scalp's origin\n");
	} else {
		printf("  Pad to scalp: the pad's corner at (%g, %g) mm on the scalp, scale "
		       "%g, turned %g degrees\n", m->offset_x_mm, m->offset_y_mm, m->scale,
		       m->rotation_deg);
	}
}

/* What the lesson sets of the session's mode and sound (`exam:`,
 * `feedback:`), so that a trainee told to listen to the depth tone sees
 * that the lesson switches it on, and how to override it. Nothing for a
 * lesson that leaves them at their defaults. */
static void show_mode_and_sound(const struct lesson *l)
{
	const struct lesson_feedback *fb = &l->feedback;
	bool any = fb->depth_tone_set;

	if (l->exam)
		printf("Exam mode: the live view shows only the scalp and the dots\n");
	for (int i = 0; i < AUDIO_CUE_COUNT; i++)
		any = any || fb->cue_set[i];
	if (!any)
		return;
	printf("\nSound (this lesson's; practice's sound options override it)\n");
	if (fb->depth_tone_set)
		printf("  the depth tone %s\n", fb->depth_tone ? "on" : "off");
	for (int i = 0; i < AUDIO_CUE_COUNT; i++) {
		if (!fb->cue_set[i])
			continue;
		if (fb->cue_volume[i] > 0)
			printf("  the %s cue at volume %g\n", audio_cue_name((enum audio_cue)i),
			       fb->cue_volume[i]);
		else
			printf("  the %s cue off\n", audio_cue_name((enum audio_cue)i));
	}
}

static void show_targets(const struct lessons_cmd *c)
{
	const struct lesson *l = &c->lesson;
	const struct score_density *d = &l->density;
	const struct scalp_spacing *s = &l->spacing;
	bool used[SCALP_REGIONS_MAX];
	char time[64], line[2 * SCALP_NAME_MAX + 160];
	int used_len;

	printf("\nDensity\n");
	/* "1 dot per mm^2", "0.5 dots per mm^2": as the number is printed. */
	if (d->ramp_mm > 0)
		printf("  %g %s per mm^2 at the hairline, rising to %g per mm^2 %g mm "
		       "behind it,\n  none in front of it,", d->front_per_mm2,
		       d->front_per_mm2 == 1 ? "dot" : "dots", d->back_per_mm2, d->ramp_mm);
	else
		printf("  %g %s per mm^2, a dot every %.1f mm,", d->front_per_mm2,
		       d->front_per_mm2 == 1 ? "dot" : "dots", 1 / sqrt(d->front_per_mm2));
	printf(" %s %.0f %s in all\n", l->target_dots > 0 ? "the lesson asks for" : "about",
	       dots_due(l), round(dots_due(l)) == 1 ? "dot" : "dots");
	printf("\nDepth\n");
	regions_worked(c, used);
	for (size_t r = 0; r < c->models.scalp.region_count; r++) {
		double min, max, overdeep;
		bool lesson;

		if (!used[r])
			continue;
		lesson = region_depth(c, r, &min, &max, &overdeep);
		used_len = snprintf(line, sizeof(line), "%s (%s)%s: aim for %g to %g mm; "
				    "overdeep past %g mm", c->models.scalp.regions[r].name,
				    c->models.scalp.regions[r].id, lesson ? ", this lesson's depth" : "",
				    min, max, overdeep);
		if (c->models.scalp.regions[r].hair_per_mm2 > 0 && used_len > 0 &&
		    (size_t)used_len < sizeof(line))
			snprintf(line + used_len, sizeof(line) - (size_t)used_len,
				 "; it keeps %g hairs per mm^2", c->models.scalp.regions[r].hair_per_mm2);
		print_wrapped(line, 2, 4);
	}
	if (s->too_close_mm > 0 || s->gap_mm > 0 || s->neighbourhood_mm > 0) {
		printf("\nSpacing (this lesson's, in every region)\n");
		if (s->too_close_mm > 0)
			printf("  too close: nearer than %g mm to another dot\n", s->too_close_mm);
		if (s->gap_mm > 0)
			printf("  a gap: nearest dot farther than %g mm\n", s->gap_mm);
		if (s->neighbourhood_mm > 0)
			printf("  (a gap only when a dot lies within %g mm)\n", s->neighbourhood_mm);
	}
	if (l->technique.tail_max_mm > 0 || l->technique.drag_line_mm > 0 ||
	    l->technique.oblique_max_deg > 0) {
		printf("\nTechnique (this lesson's, in every region)\n");
		if (l->technique.tail_max_mm > 0)
			printf("  a tail: dragging more than %g mm in the skin\n",
			       l->technique.tail_max_mm);
		if (l->technique.drag_line_mm > 0)
			printf("  a line, not a dot: dragging more than %g mm\n",
			       l->technique.drag_line_mm);
		if (l->technique.oblique_max_deg > 0)
			printf("  oblique: the pen more than %g degrees from upright\n",
			       l->technique.oblique_max_deg);
	}
	duration_words(l->time_limit_s, time, sizeof(time));
	printf("\nTime limit: %s\n", time);
	show_mode_and_sound(l);
}

/* "at least 90%", "5 mm to 10 mm": a level in measure @p m's units (NAN:
 * no bound on that side). A lessons_level_words_fn. */
static void level_words(enum score_metric m, double min, double max, char *out, size_t size)
{
	char a[64], b[64];

	if (!isnan(min))
		value_words(m, min, a, sizeof(a));
	if (!isnan(max))
		value_words(m, max, b, sizeof(b));
	if (!isnan(min) && !isnan(max))
		snprintf(out, size, "%s to %s", a, b);
	else if (!isnan(min))
		snprintf(out, size, "at least %s", a);
	else
		snprintf(out, size, "at most %s", b);
}

/* "REQUIRED to pass: at least 90%" in the measure's units. */
static void required_words(const struct score_rubric_item *it, char *out, size_t size)
{
	char level[160];

	level_words(it->metric, it->need_min, it->need_max, level, sizeof(level));
	snprintf(out, size, "REQUIRED to pass: %s", level);
}

static void show_rubric(const struct score_rubric *r, const struct lessons_cmd *c)
{
	double total = total_weight(r);
	char a[64], b[64], line[256];

	printf("\nHow it is scored\n"
	       "  Each measure earns full marks inside its band and loses them in a\n"
	       "  straight line to none at its limits (none when too little was done\n"
	       "  to measure it); the score is the weighted mean, out of 100, your\n"
	       "  progress. To pass, every required measure must be at its level.\n\n");
	for (size_t i = 0; i < r->item_count; i++) {
		const struct score_rubric_item *it = &r->items[i];
		int used;

		printf("  %3.0f%%  %s (%s)\n", 100 * it->weight / total,
		       metric_words[it->metric].words, score_metric_name(it->metric));
		range_words(it->metric, it->good_min, it->good_max, a, sizeof(a));
		used = snprintf(line, sizeof(line), "full marks %s", a);
		if (!isnan(it->zero_below)) {
			value_words(it->metric, it->zero_below, b, sizeof(b));
			used += snprintf(line + used, sizeof(line) - (size_t)used,
					 "; none at %s or less", b);
		}
		if (!isnan(it->zero_above)) {
			value_words(it->metric, it->zero_above, b, sizeof(b));
			snprintf(line + used, sizeof(line) - (size_t)used,
				 "; none at %s or more", b);
		}
		print_wrapped(line, 8, 8);
		if (it->required) {
			required_words(it, line, sizeof(line));
			print_wrapped(line, 8, 8);
			if (c->db)
				lessons_levels_text(&c->bench, it, level_words);
		}
	}
	if (!r->never_count)
		return;
	printf("\nFails at once\n");
	for (size_t i = 0; i < r->never_count; i++) {
		const struct score_never_event *ne = &r->never[i];

		value_words(ne->metric, ne->above, a, sizeof(a));
		snprintf(line, sizeof(line), "%s (%s) over %s: the lesson fails, whatever "
			 "the score.", metric_words[ne->metric].words,
			 score_metric_name(ne->metric), a);
		print_wrapped(line, 2, 2);
		print_wrapped(ne->text, 4, 4);
	}
}

static void show_text(const struct lessons_cmd *c)
{
	size_t number = lesson_number(c);

	if (number)
		printf("Lesson %zu of %zu: %s (%s)\n", number, c->curriculum.count,
		       cli_quote(c->lesson.title), cli_quote(c->lesson.id));
	else
		printf("Lesson %s (not in the curriculum): %s\n", cli_quote(c->lesson.id),
		       cli_quote(c->lesson.title));
	/* A lesson of one's own says where it came from: the shipped one of
	 * its id, if any, is not the one shown. */
	if (c->origin.by_path)
		printf("From the file %s\n", cli_quote(c->lesson_path));
	else if (!c->origin.shipped)
		printf("From %s (%s)%s\n", cli_quote(c->lesson_path), c->origin.from,
		       c->origin.shadows ? ", in place of the shipped lesson of that id" : "");
	printf("\nWhat to do\n");
	print_indented(c->lesson.instructions);
	show_where(c);
	show_targets(c);
	show_rubric(&c->lesson.rubric, c);
}

static void json_number(const char *key, double v, const char *after)
{
	printf("\"%s\": ", key);
	cli_json_number(stdout, v);   /* shortest exact text; null for none */
	printf("%s", after);
}

static void json_text(const char *key, const char *s, const char *after)
{
	printf("\"%s\": ", key);
	cli_json_string(stdout, s);
	printf("%s", after);
}

static void json_points(const struct scalp_point *p, size_t n)
{
	printf("[");
	for (size_t i = 0; i < n; i++) {
		printf("%s[", i ? ", " : "");
		cli_json_number(stdout, p[i].x);
		printf(", ");
		cli_json_number(stdout, p[i].y);
		printf("]");
	}
	printf("]");
}

static void show_json(const struct lessons_cmd *c)
{
	const struct lesson *l = &c->lesson;
	const struct score_rubric *r = &l->rubric;
	size_t number = lesson_number(c);
	bool used[SCALP_REGIONS_MAX], first = true;
	double total = total_weight(r);
	struct lesson_area area;

	printf("{\n  ");
	json_text("id", l->id, ",\n  ");
	if (number)
		printf("\"number\": %zu,\n  ", number);
	else
		printf("\"number\": null,\n  ");
	printf("\"of\": %zu,\n  ", c->curriculum.count);
	/* A lesson of one's own: its file, and where it was found ("path"
	 * when named by it); a shipped one has neither. */
	if (c->origin.by_path || !c->origin.shipped) {
		json_text("file", c->lesson_path, ",\n  ");
		json_text("found", c->origin.by_path ? "path" : c->origin.from, ",\n  ");
		printf("\"shadows_shipped\": %s,\n  ", c->origin.shadows ? "true" : "false");
	}
	json_text("title", l->title, ",\n  ");
	json_text("instructions", l->instructions, ",\n  ");
	printf("\"scalp\": { ");
	json_text("id", c->models.scalp.id, ", ");
	json_text("name", c->models.scalp.name, ", ");
	json_number("width_mm", c->models.scalp.width_mm, ", ");
	json_number("height_mm", c->models.scalp.height_mm, " },\n  ");
	printf("\"needle\": { ");
	json_text("id", c->models.needle.id, ", ");
	json_text("name", c->models.needle.name, " },\n  ");
	printf("\"zones\": [");
	for (size_t i = 0; i < l->zone_count; i++) {
		printf("%s\n    { ", i ? "," : "");
		json_text("id", l->zones[i].id, ", ");
		json_number("area_mm2", zone_area(&l->zones[i].polygon), ", ");
		printf("\"polygon\": ");
		json_points(l->zones[i].polygon.points, l->zones[i].polygon.count);
		printf(" }");
	}
	printf("\n  ],\n  \"hairline\": ");
	if (l->hairline_count)
		json_points(l->hairline, l->hairline_count);
	else
		printf("null");
	printf(",\n  \"density\": { ");
	json_number("front_per_mm2", l->density.front_per_mm2, ", ");
	json_number("back_per_mm2", l->density.back_per_mm2, ", ");
	json_number("ramp_mm", l->density.ramp_mm, " },\n  ");
	/* The work asked for, what completion counts against: the file's
	 * target-dots (null when it gives none) and the dots due. */
	json_number("target_dots", l->target_dots > 0 ? l->target_dots : NAN, ",\n  ");
	json_number("dots_due", round(dots_due(l)), ",\n  ");
	printf("\"depth\": [");
	regions_worked(c, used);
	for (size_t i = 0; i < c->models.scalp.region_count; i++) {
		double min, max, overdeep;
		bool lesson;

		if (!used[i])
			continue;
		lesson = region_depth(c, i, &min, &max, &overdeep);
		printf("%s\n    { ", first ? "" : ",");
		first = false;
		json_text("region", c->models.scalp.regions[i].id, ", ");
		json_text("name", c->models.scalp.regions[i].name, ", ");
		json_number("band_min_mm", min, ", ");
		json_number("band_max_mm", max, ", ");
		json_number("overdeep_mm", overdeep, ", ");
		json_number("hair_per_mm2", c->models.scalp.regions[i].hair_per_mm2, ", ");
		printf("\"changed_by_lesson\": %s }", lesson ? "true" : "false");
	}
	/* Overrides: 0 keeps each region's own value. */
	printf("\n  ],\n  \"spacing\": { ");
	json_number("too_close_mm", l->spacing.too_close_mm, ", ");
	json_number("gap_mm", l->spacing.gap_mm, ", ");
	json_number("neighbourhood_mm", l->spacing.neighbourhood_mm, " },\n  ");
	printf("\"technique\": { ");
	json_number("tail_max_mm", l->technique.tail_max_mm, ", ");
	json_number("drag_line_mm", l->technique.drag_line_mm, ", ");
	json_number("oblique_max_deg", l->technique.oblique_max_deg, " },\n  ");
	/* The lesson's own mapping, or null: its work area centred on the pad. */
	lesson_work_area(l, &c->models.scalp, &area);
	printf("\"work_area\": { ");
	json_number("x_mm", area.x_mm, ", ");
	json_number("y_mm", area.y_mm, ", ");
	json_number("width_mm", area.width_mm, ", ");
	json_number("height_mm", area.height_mm, " },\n  ");
	if (l->mapping_stated) {
		printf("\"mapping\": { ");
		json_number("offset_x_mm", l->mapping.offset_x_mm, ", ");
		json_number("offset_y_mm", l->mapping.offset_y_mm, ", ");
		json_number("scale", l->mapping.scale, ", ");
		json_number("rotation_deg", l->mapping.rotation_deg, " },\n  ");
	} else {
		printf("\"mapping\": null,\n  ");
	}
	json_number("time_limit_s", l->time_limit_s, ",\n  ");
	printf("\"rubric\": {\n    ");
	printf("\"items\": [");
	for (size_t i = 0; i < r->item_count; i++) {
		const struct score_rubric_item *it = &r->items[i];

		printf("%s\n      { ", i ? "," : "");
		json_text("metric", score_metric_name(it->metric), ", ");
		json_number("weight", it->weight, ", ");
		json_number("share", it->weight / total, ", ");
		printf("\"good\": [");
		cli_json_number(stdout, it->good_min);
		printf(", ");
		cli_json_number(stdout, it->good_max);
		printf("], ");
		json_number("zero_below", it->zero_below, ", ");
		json_number("zero_above", it->zero_above, ", ");
		printf("\"required\": %s, ", it->required ? "true" : "false");
		if (c->db && it->required)
			lessons_levels_json(&c->bench, it);
		json_number("at_least", it->required ? it->need_min : NAN, ", ");
		json_number("at_most", it->required ? it->need_max : NAN, ", ");
		json_text("advice_low", it->advice_low, ", ");
		json_text("advice_high", it->advice_high, " }");
	}
	printf("\n    ],\n    \"never_events\": [");
	for (size_t i = 0; i < r->never_count; i++) {
		printf("%s\n      { ", i ? "," : "");
		json_text("metric", score_metric_name(r->never[i].metric), ", ");
		json_number("above", r->never[i].above, ", ");
		json_text("text", r->never[i].text, " }");
	}
	printf("%s]\n  }\n}\n", r->never_count ? "\n    " : "");
}

/* ---- the template ---- */

/* @return whether @p path ends in @p ext (".svg"), any case. */
static bool has_extension(const char *path, const char *ext)
{
	size_t n = strlen(path), e = strlen(ext);

	return n > e && !strcasecmp(path + n - e, ext);
}

/* Writes lesson c->lesson's template to @p output through the view's
 * module. @return the exit status. */
static int template(struct lessons_cmd *c, const char *output, bool force, bool pdf)
{
	const struct view_plugin *plugin;
	struct out_file *file;
	struct lesson_area a;
	char why[1024];
	int rc;

	plugin = view_link_plugin(why, sizeof(why));
	if (!plugin) {
		cli_error("lessons", "%s", why);
		return CLI_FAILED;
	}
	if (cli_out_open("lessons", output, force, false, &file) < 0)
		return CLI_FAILED;
	rc = plugin->write_template(&c->lesson, &c->models.scalp,
				    out_file_fd(file), pdf, why, sizeof(why));
	if (rc < 0) {
		cli_error("lessons", "%s: %s", output, why);
		out_file_free(file);
		return CLI_FAILED;
	}
	rc = cli_out_commit("lessons", file);
	if (rc != CLI_OK)
		return rc;
	lesson_work_area(&c->lesson, &c->models.scalp, &a);
	fprintf(stderr, "wrote the template of %s, its work area %g x %g mm at 1:1, to %s\n",
		c->lesson.id, a.width_mm, a.height_mm, output);
	return CLI_OK;
}

int cmd_lessons(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, CLI_OPT_FORCE },
		{ "db", required_argument, NULL, 0x200 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lessons_cmd *c = calloc(1, sizeof(*c));
	char default_db[STORE_PATH_MAX];
	int opt, status = CLI_BAD_INPUT;
	const char *output = NULL;
	bool show, tmpl, chk, force = false;

	if (!c) {
		cli_error("lessons", "out of memory");
		return CLI_FAILED;
	}
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
		switch (opt) {
		case CLI_OPT_JSON: c->json = true; break;
		case 'o': output = optarg; break;
		case CLI_OPT_FORCE: force = true; break;
		case 0x200: c->db = optarg; break;
		case 'h': fputs(lessons_usage, stdout); status = CLI_OK; goto out;
		default: cli_bad_option("lessons"); goto out;
		}
	}
	show = optind < argc && !strcmp(argv[optind], "show");
	tmpl = optind < argc && !strcmp(argv[optind], "template");
	chk = optind < argc && !strcmp(argv[optind], "check");
	if (chk && optind + 1 < argc && !output && !force && !c->db && !c->json) {
		status = check(argc - optind - 1, argv + optind + 1);
		goto out;
	}
	if (chk) {
		if (optind + 1 == argc)
			cli_bad_usage("lessons", "missing FILE: smpsim lessons check FILE...");
		else
			cli_bad_usage("lessons", "check takes files and no option");
		goto out;
	}
	if (!(optind == argc || ((show || tmpl) && optind + 2 == argc))) {
		if (optind < argc && !show && !tmpl)
			cli_bad_usage("lessons", "unknown subcommand '%s': show, template or "
				      "check", argv[optind]);
		else if (optind + 1 == argc)
			cli_bad_usage("lessons", "missing ID|FILE: smpsim lessons %s ID|FILE",
				      argv[optind]);
		else
			cli_bad_usage("lessons", "unexpected '%s' (one lesson)", argv[optind + 2]);
		goto out;
	}
	if (tmpl != (output || force)) {
		cli_bad_usage("lessons", tmpl ? "missing -o FILE.svg (or -o FILE.pdf)"
					      : "-o and --force are for 'lessons template'");
		goto out;
	}
	if (c->db && !show) {
		cli_error("lessons", "--db is for 'lessons show'");
		goto out;
	}
	if (tmpl && c->json) {
		cli_error("lessons", "--json is not for 'lessons template'");
		goto out;
	}
	if (tmpl && !has_extension(output, ".svg") && !has_extension(output, ".pdf")) {
		cli_error("lessons", "-o %s: a template is written as .svg or .pdf", output);
		goto out;
	}
	status = load_curriculum(c);
	if (status != CLI_OK)
		goto out;
	if (!show && !tmpl) {
		status = list(c);
		if (status == CLI_OK)
			status = report_broken();
		goto out;
	}
	status = load_lesson(c, argv[optind + 1]);
	if (status != CLI_OK)
		goto out;
	/* The levels in force are the record's: a lesson shown without --db
	 * names them too when there is a record, so that no one reads the
	 * shipped levels where experts' judge. No record: the file's; one that
	 * cannot be read is said, and the lesson still shown. */
	if (show && !c->db && store_default_path(default_db, sizeof(default_db)) &&
	    access(default_db, F_OK) == 0) {
		char why[STORE_ERROR_MAX];
		struct store *probe;

		if (store_open_readonly(default_db, &probe, why, sizeof(why)) == 0) {
			store_close(probe);
			c->db = default_db;
		} else {
			cli_error("lessons", "%s: the levels shown are the lesson file's", why);
		}
	}
	if (c->db && (status = lessons_levels_load(c->db, c->lesson.id, &c->lesson.rubric,
						   &c->bench)) != CLI_OK)
		goto out;
	if (tmpl)
		status = template(c, output, force, has_extension(output, ".pdf"));
	else if (c->json)
		show_json(c);
	else
		show_text(c);
out:
	store_benchmark_release(&c->bench);
	free(c);
	return status;
}
