/* report_text.c — the text report: the HiCOS-style table, then the diagnosis, its advice and the verdict. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cw/i18n.h"
#include "cw/report.h"
#include "cw/text.h"

#define COL_ITEM 6
#define COL_NAME 24
#define COL_MARK 8
#define TABLE_WIDTH 78

const char *cw_status_mark(enum cw_status s, int ascii)
{
	static const char *const marks[CW_STATUS_COUNT][2] = {
		[CW_STATUS_PASS] = {"✓", "+"},
		[CW_STATUS_WARN] = {"!", "!"},
		[CW_STATUS_FAIL] = {"✗", "x"},
		[CW_STATUS_SKIP] = {"?", "?"},
	};
	return marks[s][ascii ? 1 : 0];
}

struct indent { FILE *out; int cols; };

static void emit_indented(const char *line, size_t len, void *arg)
{
	struct indent *in = arg;
	fprintf(in->out, "%*s%.*s\n", in->cols, "", (int)len, line);
}

static void print_wrapped(FILE *out, const char *text, int indent)
{
	struct indent in = {out, indent};
	cw_text_wrap(text, TABLE_WIDTH - indent, emit_indented, &in);
}

/* A check that did not run names the root of what stopped it, not the chain between. */
static const char *root_blocker(const struct cw_report *rep, const struct cw_result *r)
{
	const char *id = cw_result_get(r, "blocked_by");
	for (int hops = 0; id && hops < CW_CHECK_COUNT; hops++) {
		int c = cw_check_from_id(id);
		if (c < 0)
			return cw_code_from_id(id) >= 0 ? cw_code_title((enum cw_code)cw_code_from_id(id)) : id;
		const char *next = NULL;
		for (int i = 0; i < rep->n; i++)
			if (rep->results[i].check == (enum cw_check)c && rep->results[i].code == CW_CODE_NOT_RUN)
				next = cw_result_get(&rep->results[i], "blocked_by");
		if (!next)
			return cw_check_name((enum cw_check)c);
		id = next;
	}
	return "";
}

static void print_row(FILE *out, const struct cw_report *rep, const struct cw_result *r, int ascii)
{
	char item[8] = "-", note[CW_NOTE_MAX * 4];
	/* The note may carry outside text (a subject, a label, a reader's name): made safe before it is
	 * wrapped, so the widths are those of what is printed. */
	cw_text_safe(cw_result_note_text(r), CW_SAFE_LINE, note, sizeof(note));
	if (cw_check_hicos_row(r->check))
		snprintf(item, sizeof(item), "%d", cw_check_hicos_row(r->check));
	cw_text_pad(out, item, COL_ITEM);
	cw_text_pad(out, cw_check_name(r->check), COL_NAME);
	cw_text_pad(out, cw_status_mark(r->status, ascii), COL_MARK);
	if (r->code == CW_CODE_NOT_RUN && !r->note[0] && cw_result_get(r, "blocked_by")) {
		fprintf(out, "%s%s%s\n", cw_code_title(r->code), _(": "), root_blocker(rep, r));
		return;
	}
	if (r->code == CW_CODE_OK || (r->code == CW_CODE_NOT_RUN && r->note[0])) {
		fprintf(out, "%s%s%s\n", r->code == CW_CODE_OK ? "" : cw_code_title(r->code),
			r->code == CW_CODE_OK ? "" : _(": "), note);
		return;
	}
	fprintf(out, "%s\n", cw_code_title(r->code));
	if (r->note[0])
		print_wrapped(out, note, COL_ITEM + COL_NAME + COL_MARK);
}

static void report_body(FILE *out, const struct cw_report *rep)
{
	char when[32];
	time_t t = (time_t)rep->time;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", localtime(&t));
	fprintf(out, "%s  %s\n\n", _("cardwiz report"), when);
	cw_text_pad(out, _("Item"), COL_ITEM);
	cw_text_pad(out, _("Check"), COL_NAME);
	cw_text_pad(out, _("Result"), COL_MARK);
	fprintf(out, "%s\n", _("Details / remarks"));
	for (int i = 0; i < TABLE_WIDTH; i++)
		fputc('-', out);
	fputc('\n', out);
	for (int i = 0; i < rep->n; i++)
		print_row(out, rep, &rep->results[i], rep->ascii);
	fputc('\n', out);
	cw_report_text_verdict(out, &rep->verdict);
}

/* The whole report passes cw_text_safe once more on its way out (doc/DESIGN.md §11): whatever a
 * later row prints, no control character of an outside text reaches the reader's terminal. */
void cw_report_text(FILE *out, const struct cw_report *rep)
{
	char *data = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&data, &len);
	if (!mem)
		return;
	report_body(mem, rep);
	fclose(mem);
	if (data)
		cw_text_safe_print(out, data, CW_SAFE_LINES);
	free(data);
}

void cw_report_text_diagnosis(FILE *out, const struct cw_diagnosis *d)
{
	if (d->code == CW_CODE_OK) {
		fprintf(out, "%s %s\n", _("Diagnosis:"), _("every check passed."));
		return;
	}
	fprintf(out, "%s %s — %s\n", _("Diagnosis:"), cw_check_name(d->check), cw_code_title(d->code));
	if (d->faq)
		fprintf(out, "%s %s\n", _("FAQ item:"), cw_faq_title(d->faq));
	if (*cw_code_advice(d->code)) {
		fprintf(out, "%s\n", _("What to do:"));
		print_wrapped(out, cw_code_advice(d->code), 2);
	}
}

void cw_report_text_verdict(FILE *out, const struct cw_verdict *v)
{
	char line[1024];
	if (v->token_without_reader)
		fprintf(out, "%s\n", _("A software token with no reader: the service, reader, driver and card checks do not apply."));
	switch (v->kind) {
	case CW_VERDICT_OK:
		cw_report_text_diagnosis(out, &v->diagnosis);
		fprintf(out, "%s %s\n", _("Verdict:"), _("no problem found."));
		break;
	case CW_VERDICT_UNTESTED:
		cw_verdict_untested_text(v, line, sizeof(line));
		fprintf(out, "%s %s\n", _("Diagnosis:"), _("no problem in the checks that ran."));
		fprintf(out, "%s %s.\n", _("Verdict:"), line);
		break;
	default:
		cw_report_text_diagnosis(out, &v->diagnosis);
		fprintf(out, "%s %s\n", _("Verdict:"), _("a problem was found."));
		break;
	}
}
