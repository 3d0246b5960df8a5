/* yamlsrc: see yamlsrc.h. Built on libyaml's event API (not its document
 * loader) so that we control alias expansion, depth and duplicate keys, and
 * keep every node's position. */
#define _GNU_SOURCE /* memmem */
#include "yamlsrc.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "suggest.h"
#include "util.h"

/* ---- pool: a bump allocator owning every node, string and array ---- */

typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    max_align_t data[]; /* aligned storage */
} chunk;

typedef struct pool {
    chunk *head;
} pool;

#define CHUNK_SIZE (64u * 1024u)

static void *pool_alloc(pool *p, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    chunk *c = p->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE;
        chunk *nc = nb_xmalloc(sizeof(chunk) + size);
        nc->used = 0;
        nc->size = size;
        if (size == CHUNK_SIZE || !c) {
            nc->next = c;
            p->head = nc;
        } else {
            /* a big one-off block: keep filling the current chunk afterwards */
            nc->next = c->next;
            c->next = nc;
        }
        c = nc;
    }
    void *r = (char *)c->data + c->used;
    c->used += n;
    return r;
}

static void pool_free(pool *p)
{
    chunk *c = p->head;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(p);
}

/* ---- nodes ---- */

/* A node with the bookkeeping the parser needs; nb_val comes first so a
 * nb_val * can be turned back into its node. */
typedef struct node {
    nb_val v;
    size_t weight; /* nodes in the subtree, every alias expanded */
    size_t bytes;  /* scalar text in the subtree, every alias expanded */
    bool open;     /* container still being parsed */
} node;

static node *new_node(pool *p, nb_val_kind kind, yaml_mark_t m)
{
    node *n = pool_alloc(p, sizeof *n);
    memset(n, 0, sizeof *n);
    n->v.kind = kind;
    n->v.mark.line = (int)m.line + 1;
    n->v.mark.col = (int)m.column + 1;
    n->weight = 1;
    return n;
}

/* Appends to a pool-owned array, doubling it (the old copy is left in the
 * pool: at most as much waste as the final size). */
static void *grow(pool *p, void *arr, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap) return arr;
    size_t nc = *cap ? *cap * 2 : 4;
    void *na = pool_alloc(p, nc * elem);
    if (n) memcpy(na, arr, n * elem);
    *cap = nc;
    return na;
}

/* ---- anchors: name -> node, open addressing (anchors may be many) ---- */

typedef struct anchor {
    char *name; /* malloc'd; NULL: empty slot */
    node *n;
} anchor;

typedef struct anchors {
    anchor *slots;
    size_t cap, n;
} anchors;

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603ull & (size_t)-1;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * (size_t)1099511628211ull;
    return h;
}

static anchor *anchor_slot(anchors *a, const char *name)
{
    size_t i = hash_str(name) & (a->cap - 1);
    while (a->slots[i].name && strcmp(a->slots[i].name, name) != 0) i = (i + 1) & (a->cap - 1);
    return &a->slots[i];
}

static void anchor_set(anchors *a, const char *name, node *n)
{
    if ((a->n + 1) * 2 > a->cap) {
        anchors b = {nb_xcalloc(a->cap ? a->cap * 2 : 64, sizeof(anchor)), a->cap ? a->cap * 2 : 64, 0};
        for (size_t i = 0; i < a->cap; i++)
            if (a->slots[i].name) {
                *anchor_slot(&b, a->slots[i].name) = a->slots[i];
                b.n++;
            }
        free(a->slots);
        *a = b;
    }
    anchor *s = anchor_slot(a, name);
    if (!s->name) {
        s->name = nb_xstrdup(name);
        a->n++;
    }
    s->n = n; /* YAML lets a later anchor of the same name replace it */
}

static node *anchor_get(anchors *a, const char *name)
{
    if (!a->cap) return NULL;
    anchor *s = anchor_slot(a, name);
    return s->name ? s->n : NULL;
}

static void anchors_free(anchors *a)
{
    for (size_t i = 0; i < a->cap; i++) free(a->slots[i].name);
    free(a->slots);
}

/* ---- the parser state ---- */

typedef struct frame {
    node *n;
    nb_val *key; /* mapping: key waiting for its value */
} frame;

typedef struct state {
    pool *pool;
    nb_diag *d;
    const char *text;
    size_t len;
    frame *stack;
    size_t depth, cap;
    anchors anchors;
    size_t total; /* nodes so far, every alias expanded */
    size_t textlen; /* scalar bytes so far, every alias expanded */
    node *root;
    bool failed;  /* stop: the tree is unusable */
    bool errors;  /* some problem was reported */
} state;

static nb_mark mark_of(yaml_mark_t m) { return (nb_mark){(int)m.line + 1, (int)m.column + 1}; }

static void fail(state *s, nb_mark m, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(state *s, nb_mark m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nb_buf b;
    nb_buf_init(&b);
    nb_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    nb_diag_error(s->d, m, "%s", b.data ? b.data : "");
    nb_buf_free(&b);
    s->failed = s->errors = true;
}

static bool key_equal(const nb_val *a, const nb_val *b)
{
    return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

typedef struct keyref {
    const nb_val *key;
    size_t idx;
} keyref;

/* Key bytes, then document order: the first of equal keys sorts first. */
static int by_key(const void *x, const void *y)
{
    const keyref *a = x, *b = y;
    size_t n = a->key->len < b->key->len ? a->key->len : b->key->len;
    int c = memcmp(a->key->text, b->key->text, n);
    if (c) return c;
    if (a->key->len != b->key->len) return a->key->len < b->key->len ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void report_duplicate(state *s, const nb_val *dup, const nb_val *first)
{
    char *k = nb_excerpt(dup->text, dup->len, 40);
    nb_diag_error(s->d, dup->mark, "duplicate key '%s' (first defined at line %d)", k, first->mark.line);
    free(k);
    s->errors = true;
}

/* Reports every key that repeats an earlier one, and drops the repeats so
 * that later stages see each key once. Small maps pairwise, big ones sorted:
 * never quadratic in the size of the input. */
static void check_duplicates(state *s, nb_val *map)
{
    size_t n = map->n;
    if (n < 2) return;
    bool *drop = nb_xcalloc(n, sizeof *drop);
    bool any = false;
    if (n <= 16) {
        for (size_t j = 1; j < n; j++)
            for (size_t i = 0; i < j; i++)
                if (!drop[i] && key_equal(map->pairs[i].key, map->pairs[j].key)) {
                    report_duplicate(s, map->pairs[j].key, map->pairs[i].key);
                    drop[j] = any = true;
                    break;
                }
    } else {
        keyref *refs = nb_xmalloc(n * sizeof *refs);
        for (size_t i = 0; i < n; i++) refs[i] = (keyref){map->pairs[i].key, i};
        qsort(refs, n, sizeof *refs, by_key);
        size_t first = 0;
        for (size_t k = 1; k < n; k++) {
            if (key_equal(refs[k].key, refs[first].key)) {
                report_duplicate(s, refs[k].key, refs[first].key);
                drop[refs[k].idx] = any = true;
            } else {
                first = k;
            }
        }
        free(refs);
    }
    if (any) {
        size_t w = 0;
        for (size_t i = 0; i < n; i++)
            if (!drop[i]) map->pairs[w++] = map->pairs[i];
        map->n = w;
    }
    free(drop);
}

/* Attaches a finished node (or an alias target) to its parent. */
static void attach(state *s, node *n, nb_mark at)
{
    if (s->depth == 0) {
        s->root = n;
        return;
    }
    frame *f = &s->stack[s->depth - 1];
    nb_val *parent = &f->n->v;
    f->n->weight += n->weight;
    f->n->bytes += n->bytes;
    if (parent->kind == NB_VAL_SEQ) {
        parent->items = grow(s->pool, parent->items, parent->n, &parent->cap, sizeof(nb_val *));
        parent->items[parent->n++] = &n->v;
    } else if (!f->key) {
        if (n->v.kind == NB_VAL_MAP || n->v.kind == NB_VAL_SEQ) {
            fail(s, at, "a key must be a string, found %s", nb_val_describe(&n->v));
            return;
        }
        f->key = &n->v;
    } else {
        parent->pairs = grow(s->pool, parent->pairs, parent->n, &parent->cap, sizeof(nb_pair));
        parent->pairs[parent->n++] = (nb_pair){f->key, &n->v};
        f->key = NULL;
    }
}

static bool count_nodes(state *s, size_t w, size_t bytes, nb_mark at, bool alias)
{
    s->textlen += bytes;
    if (s->textlen > NB_YAML_MAX_TEXT) {
        fail(s, at, "alias expansion exceeds %u MiB of text", NB_YAML_MAX_TEXT / (1024u * 1024u));
        return false;
    }
    s->total += w;
    if (s->total > NB_YAML_MAX_NODES) {
        if (alias)
            fail(s, at, "alias expansion exceeds %u nodes", NB_YAML_MAX_NODES);
        else
            fail(s, at, "the document has more than %u nodes", NB_YAML_MAX_NODES);
        return false;
    }
    return true;
}

static void set_anchor(state *s, yaml_char_t *name, node *n)
{
    if (name) anchor_set(&s->anchors, (const char *)name, n);
}

static bool is_null_text(const char *t, size_t len)
{
    return len == 0 || (len == 1 && t[0] == '~') ||
           (len == 4 && (!memcmp(t, "null", 4) || !memcmp(t, "Null", 4) || !memcmp(t, "NULL", 4)));
}

static void on_scalar(state *s, yaml_event_t *e)
{
    nb_mark at = mark_of(e->start_mark);
    const char *t = (const char *)e->data.scalar.value;
    size_t len = e->data.scalar.length;
    if (!count_nodes(s, 1, len, at, false)) return;
    yaml_scalar_style_t style = e->data.scalar.style;
    bool plain = style == YAML_PLAIN_SCALAR_STYLE || style == YAML_ANY_SCALAR_STYLE;
    const char *tag = (const char *)e->data.scalar.tag;
    bool str_tag = tag && !strcmp(tag, YAML_STR_TAG);
    /* a key is text even when spelt like null (`~: x` has the key "~") */
    bool is_key = s->depth > 0 && s->stack[s->depth - 1].n->v.kind == NB_VAL_MAP && !s->stack[s->depth - 1].key;
    bool null = plain && !str_tag && !is_key && is_null_text(t, len);
    node *n = new_node(s->pool, null ? NB_VAL_NULL : NB_VAL_SCALAR, e->start_mark);
    char *copy = pool_alloc(s->pool, len + 1);
    memcpy(copy, t, len);
    copy[len] = 0;
    n->v.text = copy;
    n->v.len = len;
    n->bytes = len;
    n->v.quoted = !plain || str_tag;
    n->v.folded = style != YAML_LITERAL_SCALAR_STYLE && e->end_mark.line > e->start_mark.line;
    set_anchor(s, e->data.scalar.anchor, n);
    attach(s, n, at);
}

static void on_start(state *s, yaml_event_t *e, nb_val_kind kind, yaml_char_t *anchor_name)
{
    nb_mark at = mark_of(e->start_mark);
    if (s->depth >= NB_YAML_MAX_DEPTH) {
        fail(s, at, "nesting deeper than %d levels", NB_YAML_MAX_DEPTH);
        return;
    }
    if (s->depth == 0 ? false : (s->stack[s->depth - 1].n->v.kind == NB_VAL_MAP && !s->stack[s->depth - 1].key)) {
        fail(s, at, "a key must be a string, found %s", kind == NB_VAL_MAP ? "a mapping" : "a list");
        return;
    }
    if (!count_nodes(s, 1, 0, at, false)) return;
    node *n = new_node(s->pool, kind, e->start_mark);
    n->open = true;
    set_anchor(s, anchor_name, n);
    NB_GROW(s->stack, s->depth, s->cap);
    s->stack[s->depth++] = (frame){n, NULL};
}

static void on_end(state *s)
{
    node *n = s->stack[--s->depth].n;
    n->open = false;
    if (n->v.kind == NB_VAL_MAP) check_duplicates(s, &n->v);
    attach(s, n, n->v.mark);
}

static void on_alias(state *s, yaml_event_t *e)
{
    nb_mark at = mark_of(e->start_mark);
    const char *name = (const char *)e->data.alias.anchor;
    node *n = anchor_get(&s->anchors, name);
    if (!n) {
        char *x = nb_excerpt(name, strlen(name), 40);
        fail(s, at, "unknown alias '*%s' (no anchor '&%s' before it)", x, x);
        free(x);
        return;
    }
    if (n->open) {
        char *x = nb_excerpt(name, strlen(name), 40);
        fail(s, at, "alias '*%s' refers to a node that contains it", x);
        free(x);
        return;
    }
    if (!count_nodes(s, n->weight, n->bytes, at, true)) return;
    n->v.shared = true;
    attach(s, n, at);
}

/* Position of a byte offset: libyaml gives reader (encoding) errors as an
 * offset only. Columns count code points, as libyaml's marks do. */
static nb_mark mark_at_offset(const char *text, size_t len, size_t off)
{
    nb_mark m = {1, 1};
    if (off > len) off = len;
    for (size_t i = 0; i < off; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) {
            m.line++;
            m.col = 1;
        } else if ((c & 0xC0) != 0x80 && c != '\r') {
            m.col++;
        }
    }
    return m;
}

/* The byte at a position (columns in code points), or 0. */
static char char_at(const char *text, size_t len, nb_mark m)
{
    size_t i = 0;
    for (int line = 1; line < m.line; line++) {
        while (i < len && text[i] != '\n') i++;
        if (i++ >= len) return 0;
    }
    for (int col = 1; col < m.col && i < len && text[i] != '\n'; i++)
        if (i + 1 >= len || ((unsigned char)text[i + 1] & 0xC0) != 0x80) col++;
    return i < len ? text[i] : 0;
}

static void report_libyaml(state *s, yaml_parser_t *p)
{
    if (p->error == YAML_MEMORY_ERROR) {
        nb_oom();
    }
    const char *problem = p->problem ? p->problem : "unknown error";
    if (p->error == YAML_READER_ERROR) {
        size_t off = p->problem_offset;
        if (strstr(problem, "UTF-8")) {
            /* libyaml's offset may be past the broken sequence (at the
             * byte that showed it broken): point at its first byte, and
             * show the bytes. */
            size_t i = 0;
            uint32_t cp;
            int k;
            while (i < s->len && (k = nb_utf8_decode(s->text + i, s->len - i, &cp)) > 0) i += (size_t)k;
            if (i < s->len) {
                nb_buf bytes;
                nb_buf_init(&bytes);
                size_t j = i;
                do nb_buf_printf(&bytes, "%s%02X", j > i ? " " : "", (unsigned char)s->text[j]);
                while (++j < s->len && j < i + 4 && ((unsigned char)s->text[j] & 0xC0) == 0x80);
                fail(s, mark_at_offset(s->text, s->len, i), "invalid UTF-8: %s (bad bytes: %s); save the file as UTF-8",
                     problem, bytes.data);
                nb_buf_free(&bytes);
                return;
            }
            fail(s, mark_at_offset(s->text, s->len, off), "invalid UTF-8: %s; save the file as UTF-8", problem);
        } else if (p->problem_value >= 0) {
            fail(s, mark_at_offset(s->text, s->len, off), "%s: U+%04X", problem, (unsigned)p->problem_value);
        } else {
            fail(s, mark_at_offset(s->text, s->len, off), "%s", problem);
        }
        return;
    }
    nb_mark m = mark_of(p->problem_mark);
    if (p->error == YAML_SCANNER_ERROR && char_at(s->text, s->len, m) == '\t') {
        /* libyaml's wording does not say what is wrong with a tab */
        fail(s, m, "%s: a tab; indent with spaces", problem);
        return;
    }
    if (p->context && (p->context_mark.line != p->problem_mark.line || p->context_mark.column != p->problem_mark.column))
        fail(s, m, "%s (%s at line %d, column %d)", problem, p->context, (int)p->context_mark.line + 1,
             (int)p->context_mark.column + 1);
    else if (p->context)
        fail(s, m, "%s (%s)", problem, p->context);
    else
        fail(s, m, "%s", problem);
}

int nb_yaml_parse(const char *text, size_t len, nb_diag *d, nb_yaml_doc *out)
{
    out->root = NULL;
    out->pool = NULL;
    out->src = NULL;
    out->srclen = 0;
    if (len > NB_YAML_MAX_BYTES) {
        nb_diag_error(d, (nb_mark){0, 0}, "file is larger than the %u MiB limit", NB_YAML_MAX_BYTES / (1024u * 1024u));
        return -1;
    }
    state s = {0};
    s.pool = nb_xcalloc(1, sizeof(pool));
    s.d = d;
    s.text = text;
    s.len = len;

    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        nb_oom();
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    int docs = 0;
    bool done = false;
    while (!done && !s.failed) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            report_libyaml(&s, &p);
            break;
        }
        switch (e.type) {
        case YAML_STREAM_END_EVENT: done = true; break;
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1)
                fail(&s, mark_of(e.start_mark), "a second document in the file (a data file holds one report)");
            break;
        case YAML_SCALAR_EVENT: on_scalar(&s, &e); break;
        case YAML_SEQUENCE_START_EVENT: on_start(&s, &e, NB_VAL_SEQ, e.data.sequence_start.anchor); break;
        case YAML_MAPPING_START_EVENT: on_start(&s, &e, NB_VAL_MAP, e.data.mapping_start.anchor); break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: on_end(&s); break;
        case YAML_ALIAS_EVENT: on_alias(&s, &e); break;
        default: break;
        }
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&p);
    anchors_free(&s.anchors);
    free(s.stack);

    out->pool = s.pool;
    if (s.failed) {
        pool_free(s.pool);
        out->pool = NULL;
        return -1;
    }
    out->src = nb_xmalloc(len + 1);
    memcpy(out->src, text, len);
    out->src[len] = 0;
    out->srclen = len;
    if (!s.root) s.root = new_node(s.pool, NB_VAL_NULL, (yaml_mark_t){0, 0, 0});
    if (!s.root->v.text) s.root->v.text = pool_alloc(s.pool, 1), s.root->v.text[0] = 0;
    out->root = &s.root->v;
    return s.errors ? -1 : 0;
}

int nb_yaml_parse_file(const char *path, nb_diag *d, nb_yaml_doc *out)
{
    out->root = NULL;
    out->pool = NULL;
    out->src = NULL;
    out->srclen = 0;
    char *text;
    size_t len;
    if (nb_read_file(path, NB_YAML_MAX_BYTES, &text, &len) != 0) {
        if (errno == EFBIG)
            nb_diag_error(d, (nb_mark){0, 0}, "file is larger than the %u MiB limit", NB_YAML_MAX_BYTES / (1024u * 1024u));
        else
            nb_diag_error(d, (nb_mark){0, 0}, "cannot read the file: %s", strerror(errno));
        return -1;
    }
    int r = nb_yaml_parse(text, len, d, out);
    free(text);
    return r;
}

void nb_yaml_free(nb_yaml_doc *doc)
{
    if (doc->pool) pool_free(doc->pool);
    doc->pool = NULL;
    doc->root = NULL;
    free(doc->src);
    doc->src = NULL;
    doc->srclen = 0;
}

/* The byte offset of a position (columns in code points), or len. */
static size_t offset_of(const char *text, size_t len, nb_mark m)
{
    size_t i = 0;
    for (int line = 1; line < m.line; line++) {
        while (i < len && text[i] != '\n') i++;
        if (i++ >= len) return len;
    }
    for (int col = 1; col < m.col && i < len && text[i] != '\n'; i++)
        if (i + 1 >= len || ((unsigned char)text[i + 1] & 0xC0) != 0x80) col++;
    return i < len ? i : len;
}

static bool is_space_cp(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000; }

nb_mark nb_yaml_locate(const nb_yaml_doc *doc, nb_mark at, const char *text, size_t len)
{
    if (!doc->src || at.line <= 0) return at;
    const char *src = doc->src;
    size_t n = doc->srclen, pos = offset_of(src, n, at), found = n;
    if (pos >= n) return at;
    if (src[pos] == '|' || src[pos] == '>') { /* a block scalar: its text starts on the next line */
        while (pos < n && src[pos] != '\n') pos++;
    } else if (src[pos] == '"' || src[pos] == '\'') {
        pos++;
    }
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int k = nb_utf8_decode(text + i, len - i, &cp);
        if (k <= 0) return at;
        if (!is_space_cp(cp)) {
            const char *hit = memmem(src + pos, n - pos, text + i, (size_t)k);
            if (!hit) return at;
            found = (size_t)(hit - src);
            pos = found + (size_t)k;
        }
        i += (size_t)k;
    }
    return found < n ? mark_at_offset(src, n, found) : at;
}

nb_val *nb_val_get(const nb_val *map, const char *key)
{
    if (!map || map->kind != NB_VAL_MAP) return NULL;
    size_t len = strlen(key);
    for (size_t i = 0; i < map->n; i++) {
        const nb_val *k = map->pairs[i].key;
        if (k->len == len && memcmp(k->text, key, len) == 0) return map->pairs[i].value;
    }
    return NULL;
}

bool nb_val_is_null(const nb_val *v) { return !v || v->kind == NB_VAL_NULL; }

const char *nb_val_describe(const nb_val *v)
{
    if (!v) return "nothing";
    switch (v->kind) {
    case NB_VAL_NULL: return "an empty value";
    case NB_VAL_MAP: return "a mapping";
    case NB_VAL_SEQ: return "a list";
    default: return "a string";
    }
}
