/* smpsim certificate: a certificate of proficiency for a trainee
 * proficient in every lesson of the curriculum (or of the lessons named),
 * as one printable HTML page with its verification code (issue 14). The
 * facts are certificate.h's; the code and the row are
 * store_certificate.h's; the page is report_certificate.h's. The output
 * is opened first (a bad -o is said before the record is read); a trainee
 * not proficient is refused before anything is stored or written.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certificate.h"
#include "cli.h"
#include "cli_quote.h"
#include "commands.h"
#include "course.h"
#include "pdf_print.h"
#include "report_certificate.h"
#include "store.h"
#include "store_certificate.h"
#include "store_cli.h"
#include "store_ledger.h"

static const char certificate_usage[] =
	"usage: smpsim certificate --trainee NAME -o FILE.html [--lessons ID,ID...]\n"
	"                          [--academy TEXT] [--by WHO] [--pdf FILE.pdf] [--force]\n"
	"                          [--db PATH]\n"
	"\n"
	"Issues a certificate of proficiency to a trainee proficient in every lesson\n"
	"of the curriculum (or in the lessons named), stores it in the record (with\n"
	"the curriculum file it was judged under, so it is checked under that) and\n"
	"writes it as one self-contained HTML page, laid out for A4 when printed:\n"
	"the lessons with the date each became proficient, the sessions each rests\n"
	"on (score, pass, exam mode, sign-offs), the benchmarks used, the SHA-256 of\n"
	"the curriculum and lesson files, the date issued, and a verification code\n"
	"that anyone holding the record checks with\n"
	"'smpsim verify --certificate CODE --db RECORD'.\n"
	"A trainee not proficient in a lesson asked for is refused, each such lesson\n"
	"named with what is left, and nothing is stored or written; so is one\n"
	"that would rest on a session, sign-off, benchmark or trainee changed\n"
	"outside smpsim since it was stored (it could never verify), each change\n"
	"named.\n"
	"\n"
	"  --trainee NAME   the trainee (see 'smpsim trainee list')\n"
	"  --lessons IDS    only these lessons of the curriculum, by id, separated by\n"
	"                   commas (default: every lesson of the curriculum)\n"
	"  --academy TEXT   the academy's name, printed at the top\n"
	"  --by WHO         who issues it, printed beside the date\n"
	"  -o, --output F   the page to write; an existing F needs --force\n"
	"  --pdf FILE.pdf   also print the page to this PDF with headless Chromium\n"
	"                   (Debian package chromium; $SMPSIM_CHROMIUM names another)\n"
	CLI_FORCE_HELP
	STORE_CLI_DB_HELP
	"  -h, --help       print this help\n"
	"\n"
	"Exit status 0 when the certificate is issued and its page written, 1 when\n"
	"the trainee is not proficient in a lesson asked for, the record was changed\n"
	"where it would rest, or the work failed (a PDF that could not be made says\n"
	"so; the certificate and its page stand), 2 for bad usage, no record yet,\n"
	"a trainee or lesson the record or curriculum does not have (or a trainee\n"
	"merged into another), a malformed curriculum, or a --db file that is not\n"
	"an smpsim record.\n"
	"\n"
	CLI_OUTPUT_HELP;

enum { OPT_DB = 0x200, OPT_TRAINEE, OPT_LESSONS, OPT_ACADEMY, OPT_BY, OPT_PDF };

/* The record's file name, for the check command printed on the page. */
static const char *record_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Prints the page @p html to @p pdf (its temporary file, then committed).
 * @return an exit status. */
static int print_pdf(const char *html, const char *path, struct out_file *pdf)
{
	char err[4096];
	int rc;

	/* Chromium writes the file itself: the stream has nothing to add. */
	rc = pdf_print(html, out_file_temp_path(pdf), err, sizeof(err));
	if (rc < 0) {
		cli_error("certificate", "%s; the certificate and its page stand", err);
		out_file_free(pdf);
		return CLI_FAILED;
	}
	if ((rc = cli_out_commit("certificate", pdf)) == CLI_OK)
		printf("Printed to PDF: %s\n", cli_quote(path));
	return rc;
}

/* ---- a record changed where it would rest ---- */

struct unsound {
	const struct cert_facts *facts;
	size_t count;
};

/* @return whether @p p is about something @p f rests on: one of its
 * sessions, their sign-offs, its benchmarks, its trainee, or the chain
 * itself (which its code would be made from). */
static bool rests_on(const struct cert_facts *f, const struct store_ledger_problem *p)
{
	const char *kind = p->kind ? p->kind : "";
	bool session = !strcmp(kind, STORE_LEDGER_SESSION);
	bool signoff = !strcmp(kind, STORE_LEDGER_SIGNOFF);
	bool benchmark = !strcmp(kind, STORE_LEDGER_BENCHMARK);

	if (p->fault == STORE_LEDGER_CHAIN)
		return true;
	if (!strcmp(kind, STORE_LEDGER_TRAINEE))
		return p->ref == f->trainee_id;
	for (size_t i = 0; i < f->lesson_count; i++) {
		const struct cert_lesson *l = &f->lessons[i];

		for (size_t j = 0; benchmark && j < l->benchmark_count; j++)
			if (l->benchmarks[j].id == p->ref)
				return true;
		for (size_t j = 0; j < l->session_count; j++) {
			if (session && l->sessions[j].id == p->ref)
				return true;
			for (size_t k = 0; signoff && k < l->sessions[j].signoff_count; k++)
				if (l->sessions[j].signoffs[k].id == p->ref)
					return true;
		}
	}
	return false;
}

static void unsound_problem(const struct store_ledger_problem *p, void *data)
{
	struct unsound *u = data;

	if (!rests_on(u->facts, p))
		return;
	if (u->count++ == 0)
		fprintf(stderr, "smpsim certificate: the record was changed outside smpsim where "
			"the certificate would rest; no certificate was issued:\n");
	fprintf(stderr, "  %s\n", cli_quote(p->text));
}

/* A certificate over sessions already changed outside smpsim would fail
 * 'smpsim verify --certificate' from the day it is issued, with a third
 * party: so it is refused, each change named. Changes elsewhere in the
 * record are not this certificate's (verify names them). @return an exit
 * status. */
static int refuse_unsound(struct store *store, const struct cert_facts *facts)
{
	struct unsound u = { .facts = facts };
	struct store_ledger_summary sum;

	if (store_ledger_verify(store, unsound_problem, &u, &sum) < 0) {
		cli_error("certificate", "%s", store_error(store));
		return CLI_FAILED;
	}
	if (!u.count)
		return CLI_OK;
	fprintf(stderr, "('smpsim verify' lists every change in the record.)\n");
	return CLI_FAILED;
}

/* Stores the certificate of @p facts, with the curriculum file @p cur was
 * loaded from, and writes its page to @p file; the page says when it
 * covers fewer than the curriculum's lessons. @return an exit status. */
static int issue(struct store *store, const struct curriculum *cur,
		 const struct cert_facts *facts, struct out_file *file, const char *output,
		 const char *pdf_path, struct out_file *pdf)
{
	struct store_certificate cert;
	struct report_certificate page = { .facts = facts };
	char code[STORE_CERT_CODE_TEXT_MAX], *json = NULL, *lessons = NULL, *kept = NULL;
	char why[4200];
	size_t kept_len = 0;
	int rc;

	if (certificate_curriculum_text(cli_library(), cur, &kept, &kept_len, why,
					sizeof(why)) < 0) {
		cli_error("certificate", "%s; no certificate was issued", why);
		out_file_free(file);
		out_file_free(pdf);
		return CLI_FAILED;
	}
	if (cert_facts_json(facts, &json) < 0 || !(lessons = certificate_lesson_list(facts))) {
		free(json);
		free(kept);
		cli_error("certificate", "out of memory");
		out_file_free(file);
		out_file_free(pdf);
		return CLI_FAILED;
	}
	rc = store_certificate_issue(store, facts->trainee_id, lessons, json, kept, kept_len,
				     &cert);
	free(json);
	free(lessons);
	free(kept);
	if (rc < 0) {
		cli_error("certificate", "%s", store_error(store));
		out_file_free(file);
		out_file_free(pdf);
		return CLI_FAILED;
	}
	store_certificate_code_text(cert.code, code);
	page.issued = cert.made;
	page.code = code;
	page.record = record_name(store_path(store));
	page.ledger_seq = cert.ledger_seq;
	page.chain = cert.chain_sha256;
	page.curriculum_lessons = cur->count;
	rc = report_certificate_html(out_file_stream(file), &page);
	if (rc < 0) {
		cli_error("certificate", "%s: %s; certificate %s is issued and in the record "
			  "all the same", output, strerror(-rc), code);
		out_file_free(file);
		rc = CLI_FAILED;
	} else if ((rc = cli_out_commit("certificate", file)) == CLI_OK) {
		printf("Certificate %s issued to %s for %zu lesson%s: %s\n"
		       "Check it with: smpsim verify --certificate %s --db %s\n", code,
		       cli_quote(facts->trainee), facts->lesson_count,
		       facts->lesson_count == 1 ? "" : "s", cli_quote(output), code,
		       cli_quote(store_path(store)));
		if (pdf)
			rc = print_pdf(output, pdf_path, pdf);
		pdf = NULL;
	}
	out_file_free(pdf);
	store_certificate_clear(&cert);
	return rc;
}

int cmd_certificate(int argc, char **argv)
{
	static const struct option options[] = {
		{ "trainee", required_argument, NULL, OPT_TRAINEE },
		{ "lessons", required_argument, NULL, OPT_LESSONS },
		{ "academy", required_argument, NULL, OPT_ACADEMY },
		{ "by", required_argument, NULL, OPT_BY },
		{ "pdf", required_argument, NULL, OPT_PDF },
		{ "output", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, OPT_DB },
		{ "force", no_argument, NULL, CLI_OPT_FORCE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct certificate_ask ask = { 0 };
	const char *output = NULL, *db = NULL, *pdf_path = NULL;
	char why[4096], clean[STORE_NAME_MAX];
	struct curriculum *cur = NULL;
	struct store *store = NULL;
	struct out_file *file = NULL, *pdf = NULL;
	struct cert_facts facts = { 0 };
	bool force = false;
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_TRAINEE: ask.trainee = optarg; break;
		case OPT_LESSONS: ask.lessons = optarg; break;
		case OPT_ACADEMY: ask.academy = optarg; break;
		case OPT_BY: ask.by = optarg; break;
		case OPT_PDF: pdf_path = optarg; break;
		case 'o': output = optarg; break;
		case OPT_DB: db = optarg; break;
		case CLI_OPT_FORCE: force = true; break;
		case 'h': fputs(certificate_usage, stdout); return CLI_OK;
		default: return cli_bad_option("certificate");
		}
	}
	if (optind != argc)
		return cli_bad_usage("certificate", "unexpected '%s'", argv[optind]);
	if (!ask.trainee)
		return cli_bad_usage("certificate", "missing --trainee NAME");
	if (!output || !*output)
		return cli_bad_usage("certificate", "missing -o FILE.html");
	if (pdf_path && !*pdf_path)
		return cli_bad_usage("certificate", "--pdf needs a file name");
	if (store_trainee_name(ask.trainee, clean, why, sizeof(why)) < 0) {
		cli_error("certificate", "%s", why);
		return CLI_BAD_INPUT;
	}
	if (!(cur = calloc(1, sizeof(*cur)))) {
		cli_error("certificate", "out of memory");
		return CLI_FAILED;
	}
	if ((rc = course_curriculum_load(cli_library(), cur, why, sizeof(why))) < 0) {
		cli_error("certificate", "%s", why);
		free(cur);
		return rc == -EINVAL ? CLI_BAD_INPUT : CLI_FAILED;
	}
	if (cli_out_open("certificate", output, force, false, &file) < 0 ||
	    (pdf_path && cli_out_open("certificate", pdf_path, force, false, &pdf) < 0)) {
		out_file_free(file);
		free(cur);
		return CLI_FAILED;
	}
	if (pdf && out_file_same(file, pdf)) {
		cli_error("certificate", "--pdf and -o name the same file, %s", pdf_path);
		rc = CLI_BAD_INPUT;
		goto out;
	}
	if ((rc = store_cli_open("certificate", db, STORE_CLI_WRITE_EXISTING, &store)) != CLI_OK)
		goto out;
	rc = certificate_facts(store, cli_library(), cur, &ask, &facts, why, sizeof(why));
	if (rc == -EPERM) {
		fprintf(stderr, "smpsim certificate: %s is not proficient in every lesson asked "
			"for; no certificate was issued:\n%s\n", cli_quote(clean),
			cli_quote_lines(why));
		rc = CLI_FAILED;
	} else if (rc < 0) {
		cli_error("certificate", "%s", why);
		rc = rc == -ENOENT || rc == -ESTALE || rc == -EINVAL ? CLI_BAD_INPUT : CLI_FAILED;
	} else if ((rc = refuse_unsound(store, &facts)) == CLI_OK) {
		rc = issue(store, cur, &facts, file, output, pdf_path, pdf);
		file = pdf = NULL;
	}
out:
	out_file_free(file);
	out_file_free(pdf);
	cert_facts_clear(&facts);
	store_close(store);
	free(cur);
	return rc;
}
