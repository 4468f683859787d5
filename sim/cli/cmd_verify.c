/* smpsim verify: does the record still hold what smpsim stored?
 *
 * Opens the record to read only and runs store_ledger_verify()
 * (scoring/store/store_verify.c): the ledger's chain recomputed entry by
 * entry, every thing of the record (trainees, sessions with their
 * deposits and pen stream, sign-offs, ...) recomputed against its newest
 * entry. Prints "The record is intact: ..." and exits 0, or every problem,
 * one a line (quoted: a name edited outside smpsim may hold anything), and
 * exits 1. --json prints the same as one object.
 *
 * With --certificate CODE it checks one certificate instead
 * (certificate_check(), sim/support/certificate_check.c): its code, the
 * ledger under what it rests on, and its facts made again from the record
 * as `smpsim certificate` made them, under the curriculum file the record
 * keeps with it: no data folder is needed. One whose curriculum differs is
 * said after the verdict, as information.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certificate.h"
#include "cli.h"
#include "cli_quote.h"
#include "commands.h"
#include "store_certificate.h"
#include "store_cli.h"
#include "store_ledger.h"

static const char verify_usage[] =
	"usage: smpsim verify [--db PATH] [--json]\n"
	"       smpsim verify --certificate CODE [--db PATH]\n"
	"\n"
	"Checks that the trainee record still holds what smpsim stored. Every\n"
	"session as it ended (its row, score, deposits, pen stream, measures and\n"
	"advice), every trainee, group membership, benchmark, rescore, sign-off,\n"
	"early opening and certificate has an entry in the record's ledger: the\n"
	"SHA-256 of its content, chained to the entry before. verify recomputes\n"
	"them all and names each thing changed, deleted or added since, and any\n"
	"ledger entry changed; each lesson's stored copy must still match the\n"
	"SHA-256 its sessions hold. Sessions in progress are not checked yet.\n"
	"\n"
	"What it detects: edits made outside smpsim (sqlite3, another program)\n"
	"by someone who did not also rewrite the ledger. What it cannot detect:\n"
	"the record's owner rewriting the whole chain to match their edits (the\n"
	"hashes are no secret), the newest entries cut off whole (the last\n"
	"session deleted with its ledger entry: the chain left is intact),\n"
	"nor edits made before the record was brought to version 5 (it was\n"
	"sealed as it was then). It is not a signature. It becomes one when\n"
	"the chain head printed here is kept where the owner cannot change it:\n"
	"printed on certificates, published, or signed with an academy's key.\n"
	"The ledger entry it was taken at must then still carry it, and\n"
	"rewriting anything before that entry changes it.\n"
	"\n"
	"With --certificate CODE, checks one certificate of the record (smpsim\n"
	"certificate): that its code still follows from its facts and the ledger\n"
	"as it was when it was issued, that nothing it rests on (its sessions,\n"
	"their sign-offs, its benchmarks, its trainee, the curriculum file it was\n"
	"issued under, which the record keeps with it) was changed since, and\n"
	"that its facts made again from the record now, under that curriculum,\n"
	"are the same. It needs only the record and the code: no data folder.\n"
	"When the data folder's curriculum is another, that is said, not blamed.\n"
	"CODE may be typed in any case, with or without its dashes or spaces.\n"
	"\n"
	"  --certificate CODE  the verification code printed on the certificate\n"
	STORE_CLI_DB_HELP
	"  --json           print JSON instead of text (the whole record's check,\n"
	"                   not --certificate's)\n"
	"  -h, --help       print this help\n"
	"\n"
	"Exit status 0 when the record is intact (with --certificate: the\n"
	"certificate is valid); 1 when it shows changes (each one printed), when\n"
	"the record has no certificate CODE, when it cannot be read or is older\n"
	"than version 5 (open it once with a command that writes); 2 for bad usage,\n"
	"a CODE that is not one, or a --db file that is not an smpsim record.\n";

static const char *fault_name(enum store_ledger_fault fault)
{
	switch (fault) {
	case STORE_LEDGER_CHANGED: return "changed";
	case STORE_LEDGER_DELETED: return "deleted";
	case STORE_LEDGER_UNLEDGERED: return "not-in-ledger";
	case STORE_LEDGER_CHAIN: return "ledger-entry";
	}
	return "unknown";
}

struct printer {
	bool json;
	bool opened;         /* the JSON object's start is printed */
	size_t count;
};

/* Opens the JSON object at its first problem, or at the end: a record
 * that cannot be checked prints nothing on standard output. */
static void json_open(struct printer *out)
{
	if (!out->opened)
		printf("{\n  \"problems\": [");
	out->opened = true;
}

static void print_problem(const struct store_ledger_problem *p, void *data)
{
	struct printer *out = data;

	if (!out->json) {
		printf("%s\n", cli_quote(p->text));
		out->count++;
		return;
	}
	json_open(out);
	printf("%s\n    {\"fault\": \"%s\", \"kind\": ", out->count++ ? "," : "",
	       fault_name(p->fault));
	if (p->kind)
		cli_json_string(stdout, p->kind);
	else
		printf("null");
	printf(", \"id\": %lld, \"entry\": %lld, \"parts\": ", (long long)p->ref,
	       (long long)p->seq);
	cli_json_string(stdout, p->parts);
	printf(", \"text\": ");
	cli_json_string(stdout, p->text);
	printf("}");
}

static int verify(const char *db, bool json)
{
	struct store_ledger_summary sum;
	struct printer out = { json, false, 0 };
	struct store *store;
	int rc, status = store_cli_open("verify", db, STORE_CLI_READ, &store);

	if (status != CLI_OK)
		return status;
	rc = store_ledger_verify(store, print_problem, &out, &sum);
	if (rc < 0) {
		if (out.opened)
			printf("]\n}\n");
		cli_error("verify", "%s", store_error(store));
		store_close(store);
		return CLI_FAILED;
	}
	if (json) {
		json_open(&out);
		printf("%s],\n  \"intact\": %s, \"entries\": %lld, \"things\": %lld, "
		       "\"sessions\": %lld, \"in_progress\": %lld, \"head_entry\": %lld, "
		       "\"chain_head\": \"%s\"\n}\n", out.count ? "\n  " : "",
		       sum.problems ? "false" : "true", (long long)sum.entries,
		       (long long)sum.things, (long long)sum.sessions,
		       (long long)sum.unsealed, (long long)sum.head_seq, sum.head);
	} else if (sum.problems == 0) {
		printf("The record is intact: %lld %s, %lld session%s checked, "
		       "chain head %s\n", (long long)sum.entries,
		       sum.entries == 1 ? "entry" : "entries", (long long)sum.sessions,
		       sum.sessions == 1 ? "" : "s", sum.head);
	} else {
		printf("The record was changed outside smpsim: %zu problem%s (%lld "
		       "%s, %lld session%s checked)\n", sum.problems,
		       sum.problems == 1 ? "" : "s", (long long)sum.entries,
		       sum.entries == 1 ? "entry" : "entries", (long long)sum.sessions,
		       sum.sessions == 1 ? "" : "s");
	}
	if (!json && sum.unsealed)
		printf("%lld session%s in progress not checked: sealed when %s\n",
		       (long long)sum.unsealed, sum.unsealed == 1 ? "" : "s",
		       sum.unsealed == 1 ? "it ends" : "they end");
	store_close(store);
	return sum.problems ? CLI_FAILED : CLI_OK;
}

/* One problem, its further lines (the lessons not proficient) indented. */
static void print_line(const char *text, void *data)
{
	const char *quoted = cli_quote_lines(text);

	(void)data;
	fputs("  ", stdout);
	for (const char *p = quoted; *p; p++)
		if (*p == '\n')
			fputs("\n  ", stdout);
		else
			putchar(*p);
	putchar('\n');
}

static int verify_certificate(const char *db, const char *code)
{
	struct certificate_verdict v;
	struct store *store = NULL;
	char why[4096];
	int rc, status;

	if ((status = store_cli_open("verify", db, STORE_CLI_READ, &store)) != CLI_OK)
		return status;
	rc = certificate_check(store, cli_library(), code, print_line, NULL, &v, why,
			       sizeof(why));
	if (rc < 0) {
		cli_error("verify", "%s", why);
		status = CLI_FAILED;
	} else if (!v.found) {
		printf("There is no certificate %s in this record (%s)\n", v.code,
		       cli_quote(store_path(store)));
		status = CLI_FAILED;
	} else if (v.problems) {
		status = CLI_FAILED;
		printf("Certificate %s, issued to %s on %.10s, does not hold: %zu problem%s "
		       "above\n", v.code, cli_quote(v.trainee), v.issued, v.problems,
		       v.problems == 1 ? "" : "s");
	} else {
		printf("Certificate %s is valid: %s, proficient in %zu lesson%s, issued %.10s; "
		       "the record it rests on is intact\n", v.code, cli_quote(v.trainee),
		       v.lessons, v.lessons == 1 ? "" : "s", v.issued);
		if (v.elsewhere)
			printf("(%zu other change%s in the record do%s not touch it: 'smpsim "
			       "verify' lists %s)\n", v.elsewhere, v.elsewhere == 1 ? "" : "s",
			       v.elsewhere == 1 ? "es" : "", v.elsewhere == 1 ? "it" : "them");
	}
	/* Said once, as information: a third party's data folder (a later
	 * smpsim's shipped one, another academy's) need not be the issuer's. */
	if (rc == 0 && v.found && v.curriculum_here[0])
		printf("This data folder's curriculum differs from the one it was issued under "
		       "(SHA-256 %s vs %s); it was checked under the one it was issued under, "
		       "kept in the record\n", v.curriculum_here, v.curriculum_issued);
	store_close(store);
	return status;
}

int cmd_verify(int argc, char **argv)
{
	enum { OPT_DB = 0x100, OPT_CERTIFICATE };
	static const struct option options[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "certificate", required_argument, NULL, OPT_CERTIFICATE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *certificate = NULL;
	char code[STORE_CERT_CODE_MAX];
	bool json = false;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_DB: db = optarg; break;
		case CLI_OPT_JSON: json = true; break;
		case OPT_CERTIFICATE: certificate = optarg; break;
		case 'h': fputs(verify_usage, stdout); return CLI_OK;
		default: return cli_bad_option("verify");
		}
	}
	if (optind < argc) {
		cli_error("verify", "unexpected argument '%s'", argv[optind]);
		fputs(verify_usage, stderr);
		return CLI_BAD_INPUT;
	}
	if (certificate) {
		if (json) {
			cli_error("verify", "--json is for the whole record, not --certificate");
			return CLI_BAD_INPUT;
		}
		if (store_certificate_code_parse(certificate, code) < 0) {
			cli_error("verify", "'%s' is not a verification code: 20 letters and "
				  "digits (0-9, A-Z but I, L, O, U), as printed on the certificate",
				  certificate);
			return CLI_BAD_INPUT;
		}
		return verify_certificate(db, code);
	}
	return verify(db, json);
}
