/* smpsim export: every deposit of a stored session, for a spreadsheet or
 * another program.
 *
 * CSV (RFC 4180: a header line, then one line per deposit, CRLF-free,
 * fields quoted only when they need it; each line names the session, its
 * trainee and lesson, so exports of several sessions can be put together)
 * or JSON (an object with the session's facts and a "deposits" array, one
 * deposit per line). Every field of the deposit is written; numbers as the
 * shortest text that reads back as the very double the simulator made
 * (cli_csv.h: 60.83, not 60.829999999999998). A value that is not a
 * number is an empty CSV field or JSON null. The deposits stream
 * from the database to the output, so a long session needs no memory.
 *
 * Written to standard output, or to -o FILE through out_file.h: opened
 * before the record is read (a bad -o is said at once), written under a
 * temporary name beside FILE and renamed to it once complete, so FILE is
 * never half-written, and nothing at FILE is written through or replaced
 * without --force.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_csv.h"
#include "commands.h"
#include "store_cli.h"

static const char export_usage[] =
	"usage: smpsim export --session N --format csv|json [-o FILE [--force]]\n"
	"                     [--db PATH]\n"
	"\n"
	"Writes every deposit of session N (the # column of 'smpsim review'), every\n"
	"field the simulator judged: (in CSV, on each line: the session, trainee and\n"
	"lesson) id, time the needle went in and came out (us\n"
	"of the pen stream; the session began at start_us, given in the JSON\n"
	"export and by 'smpsim review --session N'), position, region,\n"
	"depth, force, diameter, blur, tail, tilt, skew, distance to the nearest\n"
	"earlier dot, kind, depth class and faults (bits and names).\n"
	"\n"
	"  --session N      the session\n"
	"  --format F       csv (a header line, then one line per deposit) or json\n"
	"  -o, --output FILE  write to FILE instead of standard output (- is standard\n"
	"                   output too); an existing FILE needs --force\n"
	CLI_FORCE_HELP
	STORE_CLI_DB_HELP
	"  -h, --help       print this help\n"
	"\n"
	"Numbers are the shortest text that reads back as the stored value exactly\n"
	"(60.83, not 60.829999999999998). Works while a session is being recorded\n"
	"(what is committed so far).\n"
	"\n"
	"Exit status 0 when written; 1 when the record cannot be read or FILE\n"
	"written (an existing FILE without --force, a folder, a FIFO...); 2 for bad\n"
	"usage, a session that is not in the record, or a --db file that is not an\n"
	"smpsim record.\n"
	"\n"
	CLI_OUTPUT_HELP;

static const char csv_header[] =
	"session,trainee,lesson,id,down_us,up_us,x_mm,y_mm,region,region_id,depth_mm,force_n,"
	"diameter_mm,blur_mm,tail_mm,tilt_deg,skew_ratio,skew_angle_deg,nearest_mm,"
	"kind,depth_class,faults,fault_names\n";

struct export_run {
	FILE *out;
	bool json;
	const struct store_session *s;
	size_t count;
};

static const char *kind_name(enum deposit_kind kind)
{
	return kind == DEPOSIT_LINE ? "line" : "dot";
}

static int write_csv(struct export_run *run, const struct deposit *d, const char *region_id)
{
	char names[256];
	FILE *f = run->out;

	fprintf(f, "%" PRId64 ",", run->s->id);
	cli_csv_text(f, run->s->trainee_name);
	fputc(',', f);
	cli_csv_text(f, run->s->lesson_id);
	fprintf(f, ",%" PRIu32 ",%" PRId64 ",%" PRId64 ",", d->id, d->down_us, d->up_us);
	cli_csv_number(f, d->x_mm);
	fputc(',', f);
	cli_csv_number(f, d->y_mm);
	fputc(',', f);
	if (d->region != SCALP_NO_REGION)
		fprintf(f, "%zu", d->region);
	fputc(',', f);
	cli_csv_text(f, region_id ? region_id : "");
	const double fields[] = { d->depth_mm, d->force_n, d->diameter_mm, d->blur_mm,
				  d->tail_mm, d->tilt_deg, d->skew_ratio, d->skew_angle_deg,
				  d->nearest_mm };
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		fputc(',', f);
		cli_csv_number(f, fields[i]);
	}
	store_cli_fault_names(d->faults, "|", names, sizeof(names));
	fprintf(f, ",%s,%s,%" PRIu32 ",", kind_name(d->kind),
		deposit_depth_class_name(d->depth_class), d->faults);
	cli_csv_text(f, names);
	fputc('\n', f);
	return 0;
}

static int write_json(struct export_run *run, const struct deposit *d, const char *region_id)
{
	static const char *const names[] = {
		"depth_mm", "force_n", "diameter_mm", "blur_mm", "tail_mm", "tilt_deg",
		"skew_ratio", "skew_angle_deg", "nearest_mm",
	};
	const double fields[] = { d->depth_mm, d->force_n, d->diameter_mm, d->blur_mm,
				  d->tail_mm, d->tilt_deg, d->skew_ratio, d->skew_angle_deg,
				  d->nearest_mm };
	char faults[256];
	FILE *f = run->out;

	fprintf(f, "%s\n    {\"id\": %" PRIu32 ", \"down_us\": %" PRId64 ", \"up_us\": %"
		PRId64 ", \"x_mm\": ", run->count ? "," : "", d->id, d->down_us, d->up_us);
	cli_json_number(f, d->x_mm);
	fputs(", \"y_mm\": ", f);
	cli_json_number(f, d->y_mm);
	fputs(", \"region\": ", f);
	if (d->region != SCALP_NO_REGION)
		fprintf(f, "%zu", d->region);
	else
		fputs("null", f);
	fputs(", \"region_id\": ", f);
	if (region_id)
		cli_json_string(f, region_id);
	else
		fputs("null", f);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		fprintf(f, ", \"%s\": ", names[i]);
		cli_json_number(f, fields[i]);
	}
	store_cli_fault_names(d->faults, "\", \"", faults, sizeof(faults));
	fprintf(f, ", \"kind\": \"%s\", \"depth_class\": \"%s\", \"faults\": %" PRIu32
		", \"fault_names\": [%s%s%s]}", kind_name(d->kind),
		deposit_depth_class_name(d->depth_class), d->faults,
		faults[0] ? "\"" : "", faults, faults[0] ? "\"" : "");
	return 0;
}

static int export_one(void *data, const struct deposit *d, const char *region_id)
{
	struct export_run *run = data;

	if (run->json)
		write_json(run, d, region_id);
	else
		write_csv(run, d, region_id);
	run->count++;
	return ferror(run->out) ? -EIO : 0;
}

static void json_head(FILE *f, const struct store_session *s)
{
	fprintf(f, "{\n  \"session\": %" PRId64 ",\n  \"trainee\": ", s->id);
	cli_json_string(f, s->trainee_name);
	fputs(",\n  \"lesson\": ", f);
	cli_json_string(f, s->lesson_id);
	fprintf(f, ",\n  \"lesson_sha256\": ");
	cli_json_string(f, s->lesson_sha256);
	fprintf(f, ",\n  \"mapping\": ");
	store_cli_json_mapping(f, s);
	fprintf(f, ",\n  \"started\": ");
	cli_json_string(f, s->started);
	fprintf(f, ",\n  \"status\": \"%s\",\n  \"start_us\": %" PRId64
		",\n  \"deposits\": [", store_session_status_name(s->status), s->start_us);
}

/* Writes session @p id to @p file (standard output too); *count: how many
 * deposits. */
static int export_session(struct store *store, int64_t id, bool json, struct out_file *file,
			  size_t *count)
{
	struct store_session s;
	struct export_run run = { .json = json, .s = &s, .out = out_file_stream(file) };
	int rc;

	rc = store_session_get(store, id, &s);
	if (rc == -ENOENT) {
		cli_error("export", "no session %" PRId64 " (see 'smpsim review')", id);
		return CLI_BAD_INPUT;
	}
	if (rc < 0) {
		cli_error("export", "%s", store_error(store));
		return CLI_FAILED;
	}
	if (json)
		json_head(run.out, &s);
	else
		fputs(csv_header, run.out);
	/* A failed write stops the walk with -EIO, which the commit says;
	 * any other error is the record's, said by store_error(). */
	rc = store_session_deposits(store, id, export_one, &run);
	if (rc < 0 && rc != -EIO) {
		cli_error("export", "%s", store_error(store));
		return CLI_FAILED;
	}
	if (json)
		fprintf(run.out, "%s]\n}\n", run.count ? "\n  " : "");
	*count = run.count;
	return CLI_OK;
}

int cmd_export(int argc, char **argv)
{
	enum { OPT_DB = 0x100, OPT_SESSION, OPT_FORMAT };
	static const struct option options[] = {
		{ "session", required_argument, NULL, OPT_SESSION },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, OPT_DB },
		{ "force", no_argument, NULL, CLI_OPT_FORCE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *format = NULL, *output = "-";
	struct out_file *file;
	struct store *store;
	int64_t session = 0;
	bool force = false;
	size_t count = 0;
	int opt, status;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_SESSION:
			if (store_cli_session_number(optarg, &session) < 0) {
				cli_error("export", "--session takes a session number (the # "
					  "column of 'smpsim review'), not '%s'", optarg);
				return CLI_BAD_INPUT;
			}
			break;
		case OPT_FORMAT: format = optarg; break;
		case 'o': output = optarg; break;
		case OPT_DB: db = optarg; break;
		case CLI_OPT_FORCE: force = true; break;
		case 'h': fputs(export_usage, stdout); return CLI_OK;
		default: return cli_bad_option("export");
		}
	}
	if (optind != argc)
		return cli_bad_usage("export", "unexpected '%s'", argv[optind]);
	if (!session)
		return cli_bad_usage("export", "missing --session N (the # column of 'smpsim "
				     "review')");
	if (!format)
		return cli_bad_usage("export", "missing --format csv|json");
	if (strcmp(format, "csv") && strcmp(format, "json")) {
		cli_error("export", "--format is csv or json, not '%s'", format);
		return CLI_BAD_INPUT;
	}
	if (cli_out_open("export", output, force, true, &file) < 0)
		return CLI_FAILED;
	status = store_cli_open("export", db, STORE_CLI_READ, &store);
	if (status == CLI_OK) {
		status = export_session(store, session, !strcmp(format, "json"), file, &count);
		store_close(store);
	}
	if (status != CLI_OK) {
		out_file_free(file);
		return status;
	}
	status = cli_out_commit("export", file);
	if (status == CLI_OK && strcmp(output, "-"))
		fprintf(stderr, "wrote %zu deposit%s of session %" PRId64 " to %s\n", count,
			count == 1 ? "" : "s", session, cli_quote(output));
	return status;
}
