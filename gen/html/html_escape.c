/* html_escape: text and CSS made safe for an HTML page. Copies runs of
 * harmless bytes in one nb_buf_add, so escaping stays linear. */
#include <string.h>
#include "html.h"

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Characters the HTML syntax forbids in text (the validator reports them):
 * controls other than tab, newline and carriage return, and noncharacters. */
static bool forbidden(uint32_t cp)
{
    if (cp < 0x20) return cp != '\t' && cp != '\n' && cp != '\r';
    if (cp >= 0x7F && cp <= 0x9F) return true;
    if (cp >= 0xFDD0 && cp <= 0xFDEF) return true;
    return (cp & 0xFFFE) == 0xFFFE;
}

static bool ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void nb_html_escape(nb_buf *out, const char *s, size_t n, nb_html_ctx ctx)
{
    size_t start = 0, i = 0;
    /* Inside a URL (an ASCII token with "://" or starting "www."), a line may
     * break after each '/' and before each inner '.': without that the
     * browser breaks before the URL and stretches the line it leaves, or cuts
     * the URL anywhere. */
    size_t token = 0;
    bool url = false;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        size_t len = 1;
        if (c <= ' ' || c >= 0x80) {
            token = i + 1;
            url = false;
        } else if (!url && ((c == ':' && n - i >= 3 && s[i + 1] == '/' && s[i + 2] == '/') ||
                            (i == token && n - i >= 4 && memcmp(s + i, "www.", 4) == 0))) {
            url = true;
        }
        if (c < 0x80) {
            switch (c) {
            case '&': rep = "&amp;"; break;
            case '<': rep = "&lt;"; break;
            case '>': rep = "&gt;"; break;
            case '"': rep = "&quot;"; break;
            case '\'': rep = "&#39;"; break;
            case ' ': case '\t': case '\n': case '\r': case '\f':
                if (ctx == NB_HTML_ID) rep = "-";
                break;
            case '/':
                if (url && ctx == NB_HTML_TEXT && i + 1 < n && ascii_alnum((unsigned char)s[i + 1])) rep = "/<wbr>";
                break;
            case '.':
                if (url && ctx == NB_HTML_TEXT && i > token && ascii_alnum((unsigned char)s[i - 1]) && i + 1 < n &&
                    ascii_alnum((unsigned char)s[i + 1]))
                    rep = "<wbr>.";
                break;
            default:
                if (forbidden(c)) rep = "";
            }
        } else {
            uint32_t cp;
            int k = nb_utf8_decode(s + i, n - i, &cp);
            if (k == 0) rep = REPLACEMENT;
            else {
                len = (size_t)k;
                if (cp == 0x200B) rep = ctx == NB_HTML_TEXT ? "<wbr>" : "";
                else if (forbidden(cp)) rep = "";
            }
        }
        if (rep) {
            nb_buf_add(out, s + start, i - start);
            nb_buf_puts(out, rep);
            start = i + len;
        }
        i += len;
    }
    nb_buf_add(out, s + start, n - start);
}

void nb_html_css_text(nb_buf *out, const char *s)
{
    const char *p;
    while ((p = strstr(s, "</")) != NULL) {
        nb_buf_add(out, s, (size_t)(p - s));
        nb_buf_puts(out, "<\\/");
        s = p + 2;
    }
    nb_buf_puts(out, s);
}
