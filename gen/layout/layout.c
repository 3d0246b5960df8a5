/* layout: loads layouts/NAME/layout.yaml (+ html.css) into nb_layout.
 * Unknown keys and bad values are reported at their position in the
 * layout file; the format is documented in layouts/README.md. */
#include "layout.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "schema.h"
#include "util.h"

/* Everything the layout owns besides its own arrays. */
typedef struct owned {
    nb_yaml_doc doc;
    char **strings;
    size_t nstrings, cap;
} owned;

typedef struct loader {
    nb_layout *l;
    nb_diag *d;
    owned *own;
    nb_mpt line_pitch;
} loader;

static char *keep(loader *ld, char *s)
{
    NB_GROW(ld->own->strings, ld->own->nstrings, ld->own->cap);
    ld->own->strings[ld->own->nstrings++] = s;
    return s;
}

static const char *scalar(loader *ld, const nb_val *v, const char *what) { return nb_schema_scalar(ld->d, v, what); }

static char *str_of(loader *ld, const nb_val *map, const char *key, bool required)
{
    nb_val *v = nb_val_get(map, key);
    if (!v) {
        if (required) nb_diag_error(ld->d, map->mark, "missing required key '%s'", key);
        return NULL;
    }
    const char *s = scalar(ld, v, key);
    return s ? keep(ld, nb_xstrdup(s)) : NULL;
}

/* Checks that a mapping holds only the given keys (NULL-terminated). */
static void only_keys(loader *ld, const nb_val *map, const char *const *keys) { nb_schema_keys(ld->d, map, NULL, keys); }

static bool expect(loader *ld, const nb_val *v, nb_val_kind kind, const char *what)
{
    if (v && v->kind == kind) return true;
    char *f = nb_schema_found(v);
    nb_diag_error(ld->d, v ? v->mark : (nb_mark){0, 0}, "%s: expected %s, found %s", what,
                  kind == NB_VAL_MAP ? "a mapping" : kind == NB_VAL_SEQ ? "a list" : "a string", f);
    free(f);
    return false;
}

static const struct { const char *name; nb_mpt mpt; } cn_sizes[] = {
    {"初号", 42000}, {"小初", 36000}, {"一号", 26000}, {"小一", 24000}, {"二号", 22000},
    {"小二", 18000}, {"三号", 16000}, {"小三", 15000}, {"四号", 14000}, {"小四", 12000},
    {"五号", 10500}, {"小五", 9000},
};

/* Parses "12.5" into thousandths; returns false when malformed. */
static bool milli(const char *s, size_t n, long long *out)
{
    long long v = 0;
    int frac = -1;
    bool digits = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.' && frac < 0) { frac = 0; continue; }
        if (c < '0' || c > '9') return false;
        digits = true;
        if (frac >= 3) continue;
        v = v * 10 + (c - '0');
        if (frac >= 0) frac++;
        if (v > 100000000000LL) return false;
    }
    if (!digits) return false;
    for (int f = frac < 0 ? 0 : frac; f < 3; f++) v *= 10;
    *out = v;
    return true;
}

/* A measure: "37mm", "16pt", "2em" (of em_base), "1line", "line", "三号". */
static bool measure(loader *ld, const nb_val *v, nb_mpt em_base, nb_mpt *out)
{
    const char *s = scalar(ld, v, "measure");
    if (!s) return false;
    for (size_t i = 0; i < sizeof cn_sizes / sizeof *cn_sizes; i++)
        if (strcmp(s, cn_sizes[i].name) == 0) { *out = cn_sizes[i].mpt; return true; }
    if (strcmp(s, "line") == 0) { *out = ld->line_pitch; return true; }
    size_t n = strlen(s), num = n;
    while (num > 0 && ((s[num - 1] >= 'a' && s[num - 1] <= 'z'))) num--;
    const char *unit = s + num;
    long long m;
    bool ok = num > 0 ? milli(s, num, &m) : (strcmp(unit, "line") == 0 ? (m = 1000, true) : false);
    if (ok) {
        long long r;
        if (strcmp(unit, "mm") == 0) r = (m * 7200 + 1270) / 2540;        /* mm → pt × 1000 */
        else if (strcmp(unit, "pt") == 0) r = m;
        else if (strcmp(unit, "em") == 0) r = m * em_base / 1000;
        else if (strcmp(unit, "line") == 0) r = m * ld->line_pitch / 1000;
        else ok = false;
        if (ok && r <= INT32_MAX / 4) { *out = (nb_mpt)r; return true; }
    }
    nb_diag_error(ld->d, v->mark, "bad measure '%s' (expected a number with mm, pt, em or line, or a size name such as 三号)", s);
    return false;
}

static bool boolean(loader *ld, const nb_val *v, bool *out) { return nb_schema_bool(ld->d, v, out); }

static bool integer(loader *ld, const nb_val *v, int lo, int hi, int *out) { return nb_schema_int(ld->d, v, lo, hi, out); }

static int align_of(loader *ld, const nb_val *v)
{
    const char *s = scalar(ld, v, "align");
    if (!s) return -1;
    static const char *names[] = {"left", "center", "right", "justify"};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) return i;
    nb_diag_error(ld->d, v->mark, "unknown alignment '%s' (expected left, center, right or justify)", s);
    return -1;
}

static const nb_style *style_ref(loader *ld, const nb_val *v)
{
    const char *s = scalar(ld, v, "style");
    if (!s) return NULL;
    const nb_style *st = nb_layout_style(ld->l, s);
    if (!st) nb_diag_error(ld->d, v->mark, "unknown style '%s'", s);
    return st;
}

static void load_page(loader *ld, const nb_val *page)
{
    static const char *const keys[] = {"width", "height", "margin_top", "margin_left", "text_width",
                                       "text_height", "lines_per_page", "chars_per_line", "number", NULL};
    if (!expect(ld, page, NB_VAL_MAP, "page")) return;
    only_keys(ld, page, keys);
    nb_page_geom *g = &ld->l->page;
    struct { const char *k; nb_mpt *p; } ms[] = {
        {"width", &g->width}, {"height", &g->height}, {"margin_top", &g->margin_top},
        {"margin_left", &g->margin_left}, {"text_width", &g->text_width}, {"text_height", &g->text_height}};
    for (size_t i = 0; i < sizeof ms / sizeof *ms; i++) {
        nb_val *v = nb_val_get(page, ms[i].k);
        if (!v) nb_diag_error(ld->d, page->mark, "missing required key '%s'", ms[i].k);
        else measure(ld, v, 0, ms[i].p);
    }
    nb_val *v;
    if ((v = nb_val_get(page, "lines_per_page"))) integer(ld, v, 1, 200, &g->lines_per_page);
    if ((v = nb_val_get(page, "chars_per_line"))) integer(ld, v, 1, 200, &g->chars_per_line);
    if (g->lines_per_page > 0) ld->line_pitch = g->text_height / g->lines_per_page;
    if (g->width > 0 && (g->margin_left + g->text_width > g->width || g->margin_top + g->text_height > g->height))
        nb_diag_error(ld->d, page->mark, "the text block does not fit on the page");
}

static void load_page_number(loader *ld, const nb_val *page)
{
    nb_val *num = page && page->kind == NB_VAL_MAP ? nb_val_get(page, "number") : NULL;
    if (!num) return;
    static const char *const keys[] = {"format", "style", "offset", "inset", NULL};
    if (!expect(ld, num, NB_VAL_MAP, "page.number")) return;
    only_keys(ld, num, keys);
    nb_page_geom *g = &ld->l->page;
    g->number_format = str_of(ld, num, "format", true);
    nb_val *v;
    if ((v = nb_val_get(num, "style"))) g->number_style = style_ref(ld, v);
    nb_mpt em = g->number_style ? g->number_style->size : 0;
    if ((v = nb_val_get(num, "offset"))) measure(ld, v, em, &g->number_offset);
    if ((v = nb_val_get(num, "inset"))) measure(ld, v, em, &g->number_inset);
}

static void load_fonts(loader *ld, const nb_val *fonts)
{
    if (!expect(ld, fonts, NB_VAL_MAP, "fonts")) return;
    nb_layout *l = ld->l;
    l->fonts = nb_xcalloc(fonts->n, sizeof *l->fonts);
    for (size_t i = 0; i < fonts->n; i++) {
        nb_val *role = fonts->pairs[i].value;
        nb_font_role *f = &l->fonts[l->nfonts++];
        f->name = keep(ld, nb_xstrdup(fonts->pairs[i].key->text));
        if (!expect(ld, role, NB_VAL_MAP, f->name)) continue;
        static const char *const keys[] = {"families", "css", NULL};
        only_keys(ld, role, keys);
        nb_val *fam = nb_val_get(role, "families");
        if (!fam) { nb_diag_error(ld->d, role->mark, "missing required key 'families'"); continue; }
        if (!expect(ld, fam, NB_VAL_SEQ, "families")) continue;
        f->families = nb_xcalloc(fam->n, sizeof *f->families);
        for (size_t k = 0; k < fam->n; k++) {
            const char *s = scalar(ld, fam->items[k], "family");
            if (s) f->families[f->nfamilies++] = keep(ld, nb_xstrdup(s));
        }
        f->css = str_of(ld, role, "css", false);
        if (!f->css) f->css = keep(ld, nb_xstrdup("serif"));
    }
}

static void load_styles(loader *ld, const nb_val *styles)
{
    if (!expect(ld, styles, NB_VAL_MAP, "styles")) return;
    nb_layout *l = ld->l;
    l->styles = nb_xcalloc(styles->n, sizeof *l->styles);
    /* names first, so styles may be referenced in any order */
    for (size_t i = 0; i < styles->n; i++) l->styles[i].name = keep(ld, nb_xstrdup(styles->pairs[i].key->text));
    l->nstyles = styles->n;
    static const char *const keys[] = {"font", "size", "leading", "indent", "space_before", "space_after",
                                       "margin_left", "margin_right", "align", "bold", "grid", "balance",
                                       "padding", "rule", NULL};
    for (size_t i = 0; i < styles->n; i++) {
        nb_val *sv = styles->pairs[i].value;
        nb_style *st = &l->styles[i];
        if (!expect(ld, sv, NB_VAL_MAP, st->name)) continue;
        only_keys(ld, sv, keys);
        nb_val *v;
        if ((v = nb_val_get(sv, "font"))) {
            const char *s = scalar(ld, v, "font");
            if (s && !(st->font = nb_layout_font(l, s))) nb_diag_error(ld->d, v->mark, "unknown font role '%s'", s);
        } else nb_diag_error(ld->d, sv->mark, "missing required key 'font'");
        if ((v = nb_val_get(sv, "size"))) measure(ld, v, 0, &st->size);
        else nb_diag_error(ld->d, sv->mark, "missing required key 'size'");
        st->leading = st->size * 6 / 5;
        if ((v = nb_val_get(sv, "leading"))) measure(ld, v, st->size, &st->leading);
        if ((v = nb_val_get(sv, "indent"))) measure(ld, v, st->size, &st->indent);
        if ((v = nb_val_get(sv, "space_before"))) measure(ld, v, st->size, &st->space_before);
        if ((v = nb_val_get(sv, "space_after"))) measure(ld, v, st->size, &st->space_after);
        if ((v = nb_val_get(sv, "margin_left"))) measure(ld, v, st->size, &st->margin_left);
        if ((v = nb_val_get(sv, "margin_right"))) measure(ld, v, st->size, &st->margin_right);
        if ((v = nb_val_get(sv, "padding"))) measure(ld, v, st->size, &st->padding);
        if ((v = nb_val_get(sv, "rule"))) measure(ld, v, st->size, &st->rule);
        if ((v = nb_val_get(sv, "align"))) { int a = align_of(ld, v); if (a >= 0) st->align = (nb_align)a; }
        if ((v = nb_val_get(sv, "bold"))) boolean(ld, v, &st->bold);
        if ((v = nb_val_get(sv, "grid"))) boolean(ld, v, &st->grid);
        if ((v = nb_val_get(sv, "balance"))) boolean(ld, v, &st->balance);
        if (st->size <= 0 && !ld->d->errors) nb_diag_error(ld->d, sv->mark, "style '%s' has no size", st->name);
        /* Lines never split and characters never shrink: a line taller than
         * the text block, or a measure narrower than one character, would
         * put text off the page. */
        const nb_page_geom *g = &l->page;
        nb_mpt lead = st->leading > 0 ? st->leading : st->size;
        if (g->text_height > 0 && lead > g->text_height)
            nb_diag_error(ld->d, sv->mark, "style '%s': a line (%d.%03d pt) is taller than the text block (%d.%03d pt)",
                          st->name, lead / 1000, lead % 1000, g->text_height / 1000, g->text_height % 1000);
        if (g->text_width > 0 && st->margin_left + st->margin_right + st->size > g->text_width)
            nb_diag_error(ld->d, sv->mark, "style '%s': its margins leave less than one character of the text block's "
                          "width", st->name);
    }
}

static void load_parts(loader *ld, const nb_val *parts)
{
    if (!expect(ld, parts, NB_VAL_MAP, "parts")) return;
    struct { const char *k; const nb_style **p; } ps[] = {
        {"title", &ld->l->title_style},     {"subtitle", &ld->l->subtitle_style},
        {"preface", &ld->l->preface_style}, {"section", &ld->l->section_style},
        {"body", &ld->l->body_style},       {"note", &ld->l->note_style},
        {"signoff", &ld->l->signoff_style}, {"table", &ld->l->table_style}};
    static const char *const keys[] = {"title", "subtitle", "preface", "section", "body", "note", "signoff", "table", NULL};
    only_keys(ld, parts, keys);
    for (size_t i = 0; i < sizeof ps / sizeof *ps; i++) {
        nb_val *v = nb_val_get(parts, ps[i].k);
        if (!v) nb_diag_error(ld->d, parts->mark, "missing required key '%s'", ps[i].k);
        else *ps[i].p = style_ref(ld, v);
    }
}

static void load_text(loader *ld, const nb_val *text)
{
    if (!expect(ld, text, NB_VAL_MAP, "text")) return;
    static const char *const keys[] = {"section_number", "default_title", "date", "count_note",
                                       "pdf_subject", "pdf_keywords", "run_in_end",
                                       "title_break_after", "title_break_before", "title_words", NULL};
    only_keys(ld, text, keys);
    nb_layout *l = ld->l;
    l->section_number_format = str_of(ld, text, "section_number", true);
    l->default_title_format = str_of(ld, text, "default_title", true);
    l->date_format = str_of(ld, text, "date", true);
    l->count_note_format = str_of(ld, text, "count_note", true);
    l->run_in_end = str_of(ld, text, "run_in_end", false);
    l->title_break_after = str_of(ld, text, "title_break_after", false);
    l->title_break_before = str_of(ld, text, "title_break_before", false);
    l->title_words = str_of(ld, text, "title_words", false);
    l->subject_format = str_of(ld, text, "pdf_subject", false);
    l->keywords_format = str_of(ld, text, "pdf_keywords", false);
}

static void load_numbering(loader *ld, const nb_val *num)
{
    if (!expect(ld, num, NB_VAL_MAP, "numbering")) return;
    static const char *const keys[] = {"order", "styles", NULL};
    only_keys(ld, num, keys);
    nb_layout *l = ld->l;
    nb_val *styles = nb_val_get(num, "styles");
    if (!styles) { nb_diag_error(ld->d, num->mark, "missing required key 'styles'"); return; }
    if (!expect(ld, styles, NB_VAL_MAP, "numbering.styles")) return;
    l->numberings = nb_xcalloc(styles->n, sizeof *l->numberings);
    static const char *const skeys[] = {"format", "style", "run_in_style", NULL};
    for (size_t i = 0; i < styles->n; i++) {
        nb_val *sv = styles->pairs[i].value;
        nb_numbering_style *ns = &l->numberings[l->nnumberings++];
        ns->key = keep(ld, nb_xstrdup(styles->pairs[i].key->text));
        if (!expect(ld, sv, NB_VAL_MAP, ns->key)) continue;
        only_keys(ld, sv, skeys);
        ns->format = str_of(ld, sv, "format", true);
        nb_val *v;
        if ((v = nb_val_get(sv, "style"))) ns->style = style_ref(ld, v);
        else nb_diag_error(ld->d, sv->mark, "missing required key 'style'");
        ns->run_in_style = ns->style;
        if ((v = nb_val_get(sv, "run_in_style"))) ns->run_in_style = style_ref(ld, v);
    }
    nb_val *order = nb_val_get(num, "order");
    if (!order) { nb_diag_error(ld->d, num->mark, "missing required key 'order'"); return; }
    if (!expect(ld, order, NB_VAL_SEQ, "numbering.order")) return;
    l->numbering_order = nb_xcalloc(order->n, sizeof *l->numbering_order);
    for (size_t i = 0; i < order->n; i++) {
        const char *s = scalar(ld, order->items[i], "numbering");
        if (!s) continue;
        const nb_numbering_style *ns = nb_layout_numbering(l, s);
        if (!ns) nb_diag_error(ld->d, order->items[i]->mark, "numbering '%s' has no entry in numbering.styles", s);
        else l->numbering_order[l->nnumbering_order++] = ns;
    }
}

/* A key with two values: false for the first (also when absent), true for the second. */
static bool choice(loader *ld, const nb_val *map, const char *key, const char *off, const char *on)
{
    nb_val *v = nb_val_get(map, key);
    const char *s = v ? scalar(ld, v, key) : NULL;
    if (!s || strcmp(s, off) == 0) return false;
    if (strcmp(s, on) == 0) return true;
    nb_diag_error(ld->d, v->mark, "%s: expected '%s' or '%s', found '%s'", key, off, on, s);
    return false;
}

static void load_linebreak(loader *ld, const nb_val *lb)
{
    if (!expect(ld, lb, NB_VAL_MAP, "linebreak")) return;
    static const char *const keys[] = {"no_start",    "no_end",      "quotes",      "adjacent_marks",
                                       "line_end",    "breaker",     "max_stretch", "max_stretch_latin", NULL};
    only_keys(ld, lb, keys);
    ld->l->kinsoku_no_start = str_of(ld, lb, "no_start", true);
    ld->l->kinsoku_no_end = str_of(ld, lb, "no_end", true);
    nb_lb_policy *po = &ld->l->lb_policy;
    po->quotes_full_width = choice(ld, lb, "quotes", "proportional", "full_width");
    po->compress_pairs = choice(ld, lb, "adjacent_marks", "natural", "compress");
    po->end_compress = choice(ld, lb, "line_end", "squeeze", "compress");
    po->total_fit = choice(ld, lb, "breaker", "greedy", "total_fit");
    nb_val *v;
    nb_mpt m;
    /* in em of the text's own size: kept as 1/1000 em */
    if ((v = nb_val_get(lb, "max_stretch")) && measure(ld, v, 1000, &m)) po->max_stretch = m;
    if ((v = nb_val_get(lb, "max_stretch_latin")) && measure(ld, v, 1000, &m)) po->max_stretch_latin = m;
}

static void load_cell(loader *ld, const nb_val *cv, nb_layout_cell *c, int row_kind)
{
    c->rowspan = c->colspan = 1;
    c->kind = row_kind;
    c->align = -1;
    c->mark = cv->mark;
    if (cv->kind == NB_VAL_SCALAR) {
        c->text = keep(ld, nb_xstrdup(cv->text));
        return;
    }
    if (!expect(ld, cv, NB_VAL_MAP, "cell")) return;
    static const char *const keys[] = {"text", "field", "colspan", "rowspan", "align", "kind", NULL};
    only_keys(ld, cv, keys);
    c->text = str_of(ld, cv, "text", false);
    c->field = str_of(ld, cv, "field", false);
    if (!!c->text == !!c->field) nb_diag_error(ld->d, cv->mark, "a cell needs exactly one of 'text' or 'field'");
    nb_form_field f;
    if (c->field && !nb_form_field_parse(&ld->l->form, c->field, &f))
        nb_diag_error(ld->d, nb_val_get(cv, "field")->mark, "unknown data field '%s' (not in the form %s)", c->field,
                      ld->l->form.name ? ld->l->form.name : "");
    c->columns = c->field && nb_form_field_parse(&ld->l->form, c->field, &f) ? (f.col < 0 ? nb_form_row_width(&f.section->rows[f.row]) : 1) : 1;
    nb_val *v;
    if ((v = nb_val_get(cv, "colspan"))) integer(ld, v, 1, 100, &c->colspan);
    if ((v = nb_val_get(cv, "rowspan"))) integer(ld, v, 1, 1000, &c->rowspan);
    if ((v = nb_val_get(cv, "align"))) c->align = align_of(ld, v);
    if ((v = nb_val_get(cv, "kind"))) {
        const char *s = scalar(ld, v, "kind");
        if (s && strcmp(s, "head") == 0) c->kind = NB_CELL_HEAD;
        else if (s && strcmp(s, "label") == 0) c->kind = NB_CELL_LABEL;
        else if (s && strcmp(s, "value") == 0) c->kind = NB_CELL_VALUE;
        else if (s) nb_diag_error(ld->d, v->mark, "unknown cell kind '%s' (expected head, label or value)", s);
    }
}

static void load_table(loader *ld, const char *key, const nb_val *tv, nb_layout_table *t)
{
    t->key = keep(ld, nb_xstrdup(key));
    t->mark = tv->mark;
    if (!expect(ld, tv, NB_VAL_MAP, key)) return;
    static const char *const keys[] = {"caption", "caption_visible", "columns", "header_rows", "styles", "rows", NULL};
    only_keys(ld, tv, keys);
    t->caption = str_of(ld, tv, "caption", true);
    nb_val *v;
    if ((v = nb_val_get(tv, "caption_visible"))) boolean(ld, v, &t->caption_visible);
    if ((v = nb_val_get(tv, "header_rows"))) integer(ld, v, 0, 20, &t->header_rows);
    nb_val *cols = nb_val_get(tv, "columns");
    if (!cols) nb_diag_error(ld->d, tv->mark, "missing required key 'columns'");
    else if (expect(ld, cols, NB_VAL_SEQ, "columns")) {
        t->col_widths = nb_xcalloc(cols->n, sizeof *t->col_widths);
        for (size_t i = 0; i < cols->n; i++) integer(ld, cols->items[i], 1, 100000, &t->col_widths[t->ncols++]);
    }
    nb_val *styles = nb_val_get(tv, "styles");
    if (!styles) nb_diag_error(ld->d, tv->mark, "missing required key 'styles'");
    else if (expect(ld, styles, NB_VAL_MAP, "styles")) {
        static const char *const skeys[] = {"head", "label", "value", NULL};
        only_keys(ld, styles, skeys);
        const nb_style **sp[] = {&t->head_style, &t->label_style, &t->value_style};
        for (int i = 0; i < 3; i++) {
            nb_val *s = nb_val_get(styles, skeys[i]);
            if (!s) nb_diag_error(ld->d, styles->mark, "missing required key '%s'", skeys[i]);
            else *sp[i] = style_ref(ld, s);
        }
    }
    nb_val *rows = nb_val_get(tv, "rows");
    if (!rows) { nb_diag_error(ld->d, tv->mark, "missing required key 'rows'"); return; }
    if (!expect(ld, rows, NB_VAL_SEQ, "rows")) return;
    t->rows = nb_xcalloc(rows->n, sizeof *t->rows);
    for (size_t r = 0; r < rows->n; r++) {
        nb_val *rv = rows->items[r];
        nb_layout_row *row = &t->rows[t->nrows++];
        row->mark = rv->mark;
        int kind = (int)r < t->header_rows ? NB_CELL_HEAD : -1;
        nb_val *cells = rv;
        if (rv->kind == NB_VAL_MAP) {
            static const char *const rkeys[] = {"cells", "kind", "keep", NULL};
            only_keys(ld, rv, rkeys);
            if ((v = nb_val_get(rv, "keep"))) boolean(ld, v, &row->keep_with_next);
            if ((v = nb_val_get(rv, "kind"))) {
                const char *s = scalar(ld, v, "kind");
                if (s && strcmp(s, "head") == 0) kind = NB_CELL_HEAD;
                else if (s) nb_diag_error(ld->d, v->mark, "unknown row kind '%s' (expected head)", s);
            }
            cells = nb_val_get(rv, "cells");
            if (!cells) { nb_diag_error(ld->d, rv->mark, "missing required key 'cells'"); continue; }
        }
        if (!expect(ld, cells, NB_VAL_SEQ, "row")) continue;
        row->cells = nb_xcalloc(cells->n, sizeof *row->cells);
        for (size_t c = 0; c < cells->n; c++) load_cell(ld, cells->items[c], &row->cells[row->ncells++], kind);
    }
}

static void load_tables(loader *ld, const nb_val *tables)
{
    if (!expect(ld, tables, NB_VAL_MAP, "tables")) return;
    ld->l->tables = nb_xcalloc(tables->n, sizeof *ld->l->tables);
    for (size_t i = 0; i < tables->n; i++)
        load_table(ld, tables->pairs[i].key->text, tables->pairs[i].value, &ld->l->tables[ld->l->ntables++]);
}

/* Checks each table's grid: every row fills exactly ncols columns once the
 * spans from rows above are counted, and no span runs past the table. */
static void check_grids(loader *ld)
{
    for (size_t t = 0; t < ld->l->ntables; t++) {
        nb_layout_table *tb = &ld->l->tables[t];
        if (tb->ncols <= 0) continue;
        int *busy = nb_xcalloc((size_t)tb->ncols, sizeof *busy); /* rows still covered from above */
        for (size_t r = 0; r < tb->nrows; r++) {
            nb_layout_row *row = &tb->rows[r];
            int col = 0;
            for (size_t c = 0; c < row->ncells; c++) {
                nb_layout_cell *cell = &row->cells[c];
                while (col < tb->ncols && busy[col] > 0) col++;
                int width = cell->columns > 1 ? cell->columns : cell->colspan;
                if (col + width > tb->ncols) {
                    nb_diag_error(ld->d, cell->mark, "table %s row %zu: cell runs past the %d columns", tb->key, r + 1,
                                  tb->ncols);
                    break;
                }
                if (r + (size_t)cell->rowspan > tb->nrows)
                    nb_diag_error(ld->d, cell->mark, "table %s row %zu: rowspan %d runs past the last row", tb->key,
                                  r + 1, cell->rowspan);
                for (int k = 0; k < width; k++) busy[col + k] = cell->rowspan;
                col += width;
            }
            for (int k = 0; k < tb->ncols; k++) {
                if (busy[k] <= 0) {
                    nb_diag_error(ld->d, row->mark, "table %s row %zu leaves column %d empty", tb->key, r + 1, k + 1);
                    break;
                }
            }
            for (int k = 0; k < tb->ncols; k++) busy[k]--;
        }
        free(busy);
    }
}

int nb_layout_load(const char *dir, nb_diag *d, nb_layout *out)
{
    memset(out, 0, sizeof *out);
    owned *own = nb_xcalloc(1, sizeof *own);
    out->owned = own;
    out->dir = nb_xstrdup(dir);
    loader ld = {out, d, own, 0};
    char *path = nb_xasprintf("%s/layout.yaml", dir);
    size_t before = d->errors;
    if (nb_yaml_parse_file(path, d, &own->doc) != 0 || !own->doc.root) {
        if (d->errors == before) nb_diag_error(d, (nb_mark){0, 0}, "cannot read layout %s", path);
        free(path);
        return -1;
    }
    free(path);
    /* the form first: the grids name its fields */
    char *form_path = nb_xasprintf("%s/form.yaml", dir);
    nb_diag fd;
    nb_diag_init(&fd, form_path);
    if (nb_form_load(form_path, &fd, &out->form) != 0 && fd.errors == 0)
        nb_diag_error(&fd, (nb_mark){0, 0}, "cannot read the form %s", form_path);
    free(form_path);
    bool form_ok = fd.errors == 0;
    nb_diag_merge(d, &fd);
    nb_diag_free(&fd);
    if (!form_ok) return -1;
    const nb_val *root = own->doc.root;
    if (!expect(&ld, root, NB_VAL_MAP, "layout")) return -1;
    static const char *const keys[] = {"name", "lang", "page", "fonts", "styles", "parts", "text", "numbering",
                                       "linebreak", "tables", NULL};
    only_keys(&ld, root, keys);
    out->name = str_of(&ld, root, "name", true);
    out->html_lang = str_of(&ld, root, "lang", false);
    if (!out->html_lang) out->html_lang = keep(&ld, nb_xstrdup("zh-CN"));
    /* order matters: page sets the line pitch, fonts before styles, styles before their users */
    static const char *const sections[] = {"page", "fonts", "styles", "parts", "text", "numbering",
                                           "linebreak", "tables"};
    void (*loaders[])(loader *, const nb_val *) = {load_page, load_fonts, load_styles, load_parts, load_text,
                                                   load_numbering, load_linebreak, load_tables};
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
        nb_val *v = nb_val_get(root, sections[i]);
        if (!v) nb_diag_error(d, root->mark, "missing required key '%s'", sections[i]);
        else loaders[i](&ld, v);
        if (i == 2) load_page_number(&ld, nb_val_get(root, "page"));
    }
    for (size_t i = 0; i < out->form.nsections; i++) {
        const nb_form_section *fs = &out->form.sections[i];
        if (fs->kind == NB_FORM_TABLE && !nb_layout_table_get(out, fs->key))
            nb_diag_error(d, root->mark, "the form's table '%s' has no grid in tables", fs->key);
    }
    for (size_t i = 0; i < out->ntables; i++) {
        const nb_form_section *fs = nb_form_section_get(&out->form, out->tables[i].key);
        if (!fs || fs->kind != NB_FORM_TABLE)
            nb_diag_error(d, out->tables[i].mark, "table '%s' is not a table of the form %s", out->tables[i].key,
                          out->form.name ? out->form.name : "");
    }
    out->numbering_keys = nb_xcalloc(out->nnumberings + 1, sizeof *out->numbering_keys);
    for (size_t i = 0; i < out->nnumberings; i++) out->numbering_keys[i] = out->numberings[i].key;
    if (!out->page.number_style && !d->errors) nb_diag_error(d, root->mark, "page.number needs a style");
    check_grids(&ld);
    char *css_path = nb_xasprintf("%s/html.css", dir);
    size_t len;
    if (nb_read_file(css_path, 1 << 20, &out->html_css, &len) != 0) out->html_css = nb_xstrdup("");
    free(css_path);
    return d->errors > before ? -1 : 0;
}

void nb_layout_free(nb_layout *l)
{
    owned *own = l->owned;
    if (own) {
        for (size_t i = 0; i < own->nstrings; i++) free(own->strings[i]);
        free(own->strings);
        nb_yaml_free(&own->doc);
        free(own);
    }
    for (size_t i = 0; i < l->nfonts; i++) free(l->fonts[i].families);
    free(l->fonts);
    free(l->styles);
    free(l->numberings);
    free(l->numbering_order);
    free(l->numbering_keys);
    nb_form_free(&l->form);
    for (size_t t = 0; t < l->ntables; t++) {
        for (size_t r = 0; r < l->tables[t].nrows; r++) free(l->tables[t].rows[r].cells);
        free(l->tables[t].rows);
        free(l->tables[t].col_widths);
    }
    free(l->tables);
    free(l->html_css);
    free(l->dir);
    memset(l, 0, sizeof *l);
}

const nb_style *nb_layout_style(const nb_layout *l, const char *name)
{
    for (size_t i = 0; i < l->nstyles; i++)
        if (strcmp(l->styles[i].name, name) == 0) return &l->styles[i];
    return NULL;
}

const nb_font_role *nb_layout_font(const nb_layout *l, const char *name)
{
    for (size_t i = 0; i < l->nfonts; i++)
        if (strcmp(l->fonts[i].name, name) == 0) return &l->fonts[i];
    return NULL;
}

const nb_layout_table *nb_layout_table_get(const nb_layout *l, const char *key)
{
    for (size_t i = 0; i < l->ntables; i++)
        if (l->tables[i].key && strcmp(l->tables[i].key, key) == 0) return &l->tables[i];
    return NULL;
}

const nb_numbering_style *nb_layout_numbering(const nb_layout *l, const char *key)
{
    for (size_t i = 0; i < l->nnumberings; i++)
        if (l->numberings[i].key && strcmp(l->numberings[i].key, key) == 0) return &l->numberings[i];
    return NULL;
}
