#!/usr/bin/env python3
"""Faults of the environment: an unwritable output folder, a full disk, a
missing or corrupt font file, a missing or broken layout. Each must be a
clear error with exit status 3, and an earlier output at the same path must
come through byte for byte, with no temporary file left behind.

The read-only folder and the full disk are real: small tmpfs mounts (root
can write into a chmod 555 folder, so permissions prove nothing for root).
Without the right to mount, the read-only case falls back to chmod 555 (for
a non-root user) and the full-disk case is reported as skipped.

usage: hardening_faults.py NIANBAO SOURCE_DIR WORKDIR"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nbcli  # noqa: E402

NIANBAO, SRC, WORK = sys.argv[1:4]
SAMPLE = os.path.join(SRC, "samples", "004_3971b268707d3ce1.yaml")
BIGGER = os.path.join(SRC, "samples", "104_long_report.yaml")
failures = nbcli.failures
nbcli.ECHO = True
check = nbcli.check
skipped = []  # parts this machine cannot run: the ctest result is then "skipped" (exit 77)
mounts = []

shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)


def nb(*args, env=None):
    return nbcli.nb(NIANBAO, *args, env=env)


def earlier(folder, name="out"):
    """Renders the sample into folder/name.{pdf,html}: the earlier good outputs."""
    pdf, html = os.path.join(folder, name + ".pdf"), os.path.join(folder, name + ".html")
    r = nb("render", SAMPLE, "-o", pdf, "-o", html)
    check(r.returncode == 0, "earlier render into %s: %s" % (folder, r.stderr))
    return {p: open(p, "rb").read() for p in (pdf, html)}


def intact(saved, label):
    for p, data in saved.items():
        check(os.path.exists(p) and open(p, "rb").read() == data, "%s: earlier output %s damaged" % (label, p))
        folder = os.path.dirname(p)
        left = [f for f in os.listdir(folder) if ".tmp-" in f]
        check(not left, "%s: temporary files left in %s: %s" % (label, folder, left))


def expect(r, code, lines, label):
    check(r.returncode == code, "%s: exit %d, expected %d (%s)" % (label, r.returncode, code, r.stderr.strip()))
    got = r.stderr.splitlines()
    check(got == lines, "%s: stderr\n%s\nexpected\n%s" % (label, r.stderr, "\n".join(lines)))


def mount_tmpfs(path, size):
    os.makedirs(path, exist_ok=True)
    if os.geteuid() != 0:
        return False
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s,mode=0755" % size, "tmpfs", path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print("note: cannot mount a tmpfs (%s)" % r.stderr.strip())
        return False
    mounts.append(path)
    return True


def test_unwritable_folder():
    ro = os.path.join(WORK, "readonly")
    real = mount_tmpfs(ro, "4m")
    saved = earlier(ro)
    if real:
        subprocess.run(["mount", "-o", "remount,ro", ro], check=True)
        reason = "Read-only file system"
    elif os.geteuid() != 0:
        os.chmod(ro, 0o555)
        reason = "Permission denied"
    else:
        skipped.append("unwritable folder: root without mount")
        return
    pdf = os.path.join(ro, "out.pdf")
    r = nb("render", BIGGER, "-o", pdf, "-o", os.path.join(ro, "out.html"))
    expect(r, 3, ["nianbao: error: cannot write %s: %s" % (pdf, reason)], "read-only folder")
    intact(saved, "read-only folder")
    # A writable first output and an unwritable second: the first is complete
    # (new), the second keeps its earlier content.
    ok = os.path.join(WORK, "writable")
    os.makedirs(ok)
    r = nb("render", BIGGER, "-o", os.path.join(ok, "new.html"), "-o", pdf)
    expect(r, 3, ["nianbao: error: cannot write %s: %s" % (pdf, reason)], "second output read-only")
    intact(saved, "second output read-only")
    html = open(os.path.join(ok, "new.html"), encoding="utf-8").read() if os.path.exists(os.path.join(ok, "new.html")) else ""
    check(html == "" or html.endswith("</html>\n"), "second output read-only: first output partial")
    if real:
        subprocess.run(["mount", "-o", "remount,rw", ro], check=True)
    else:
        os.chmod(ro, 0o755)


def test_bad_paths():
    folder = os.path.join(WORK, "paths")
    os.makedirs(folder)
    saved = earlier(folder)
    missing = os.path.join(folder, "no-such-folder", "x.pdf")
    r = nb("render", SAMPLE, "-o", missing)
    expect(r, 3, ["nianbao: error: cannot write %s: No such file or directory" % missing], "missing folder")
    under_file = os.path.join(folder, "out.pdf", "x.pdf")
    r = nb("render", SAMPLE, "-o", under_file)
    expect(r, 3, ["nianbao: error: cannot write %s: Not a directory" % under_file], "folder is a file")
    os.makedirs(os.path.join(folder, "dir.pdf"))
    r = nb("render", SAMPLE, "-o", os.path.join(folder, "dir.pdf"))
    expect(r, 3, ["nianbao: error: cannot write %s: Is a directory" % os.path.join(folder, "dir.pdf")],
           "output is a folder")
    check(os.path.isdir(os.path.join(folder, "dir.pdf")), "output is a folder: folder gone")
    intact(saved, "bad paths")


def test_full_disk():
    full = os.path.join(WORK, "full")
    if not mount_tmpfs(full, "512k"):
        skipped.append("full disk: cannot mount a tmpfs (needs root)")
        return
    saved = earlier(full)
    # fill what is left but 16 KiB: the new PDF (about 200 KiB) cannot fit
    st = os.statvfs(full)
    free = st.f_bavail * st.f_frsize
    with open(os.path.join(full, "filler"), "wb") as f:
        f.write(b"\0" * max(0, free - 16 * 1024))
    pdf = os.path.join(full, "out.pdf")
    r = nb("render", BIGGER, "-o", pdf, "-o", os.path.join(full, "out.html"))
    expect(r, 3, ["nianbao: error: cannot write %s: No space left on device" % pdf], "full disk")
    intact(saved, "full disk")
    # space back: the same command succeeds
    os.unlink(os.path.join(full, "filler"))
    r = nb("render", BIGGER, "-o", pdf, "-o", os.path.join(full, "out.html"))
    check(r.returncode == 0 and open(pdf, "rb").read() != saved[pdf], "full disk: no recovery: " + r.stderr)


def fonts_home(name, font_bytes=None):
    """A NIANBAO_HOME: the project's layouts, and fonts/ whose fonts.conf makes
    LXGW WenKai the 仿宋 (body) stand-in again (a single .ttf, easy to damage;
    the real stand-in UMing is a .ttc) and hides the installed one, so that a
    damaged copy in fonts/ is the one used."""
    home = os.path.join(WORK, name)
    os.makedirs(os.path.join(home, "fonts"))
    shutil.copytree(os.path.join(SRC, "layouts"), os.path.join(home, "layouts"))
    conf = open(os.path.join(SRC, "fonts", "fonts.conf"), encoding="utf-8").read()
    conf = re.sub(r"(<family>(?:仿宋_GB2312|FangSong_GB2312|仿宋|FangSong)</family><default>.*?)AR PL UMing CN",
                  r"\1LXGW WenKai", conf)
    hide = "<rejectfont>\n      <glob>/usr/share/fonts/truetype/lxgw-wenkai/*</glob>"
    check("<rejectfont>" in conf, "fonts.conf has no <rejectfont>")
    with open(os.path.join(home, "fonts", "fonts.conf"), "w", encoding="utf-8") as f:
        f.write(conf.replace("<rejectfont>", hide, 1))
    if font_bytes is not None:
        with open(os.path.join(home, "fonts", name + ".ttf"), "wb") as f:
            f.write(font_bytes)
    return home


def test_fonts():
    folder = os.path.join(WORK, "fontout")
    os.makedirs(folder)
    saved = earlier(folder)
    pdf = os.path.join(folder, "out.pdf")
    # a layout whose body font names a family nobody has
    lay = os.path.join(WORK, "layout-nofont")
    shutil.copytree(os.path.join(SRC, "layouts", "gb-2021"), lay)
    text = open(os.path.join(lay, "layout.yaml"), encoding="utf-8").read()
    new = re.sub(r"(fangsong:\n\s+families: )\[[^\]]*\]", r"\1[No Such Font]", text)
    check(new != text, "layout-nofont: fangsong families not found in layout.yaml")
    open(os.path.join(lay, "layout.yaml"), "w", encoding="utf-8").write(new)
    r = nb("render", SAMPLE, "-o", pdf, "--layout", lay)
    expect(r, 3, ["nianbao: error: font role 'fangsong': no usable TrueType font for 'No Such Font'"], "missing font")
    r = nb("fonts", "--layout", lay)
    expect(r, 3, ["nianbao: error: font role 'fangsong': no usable TrueType font for 'No Such Font'"],
           "missing font (nianbao fonts)")
    # the body font's file missing (hidden): nothing answers for 仿宋
    home = fonts_home("hidden")
    r = nb("render", SAMPLE, "-o", pdf, env={"NIANBAO_HOME": home})
    expect(r, 3, ["nianbao: error: font role 'fangsong': no usable TrueType font for '仿宋_GB2312', '仿宋', "
                  "'FangSong'"], "font file missing")
    lxgw = open("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", "rb").read()
    # a copy cut short: fontconfig cannot read it, so it is not there either
    home = fonts_home("truncated", lxgw[:65536])
    r = nb("render", SAMPLE, "-o", pdf, env={"NIANBAO_HOME": home})
    expect(r, 3, ["nianbao: error: font role 'fangsong': no usable TrueType font for '仿宋_GB2312', '仿宋', "
                  "'FangSong'"], "truncated font")
    # a copy whose table directory points past its end: FreeType refuses it,
    # so fontconfig does not list it and the role has no font
    tables = table_dir(lxgw)
    bad = bytearray(lxgw)
    i = tables[b"loca"][0]
    bad[i + 8:i + 12] = (len(lxgw) - 16).to_bytes(4, "big")  # loca offset: 16 bytes before the end
    home = fonts_home("badloca", bytes(bad))
    r = nb("render", SAMPLE, "-o", pdf, env={"NIANBAO_HOME": home})
    expect(r, 3, ["nianbao: error: font role 'fangsong': no usable TrueType font for '仿宋_GB2312', '仿宋', "
                  "'FangSong'"], "damaged table directory")
    # a copy whose outlines are garbage: found when the glyphs are embedded
    bad = bytearray(lxgw)
    off, length = tables[b"glyf"][1:]
    bad[off:off + length] = b"\xa5" * length
    home = fonts_home("badglyf", bytes(bad))
    font = os.path.join(home, "fonts", "badglyf.ttf")
    r = nb("render", SAMPLE, "-o", pdf, env={"NIANBAO_HOME": home})
    expect(r, 3, ["%s: error: cannot embed fonts: cannot subset font %s (face 0): damaged composite glyph"
                  % (SAMPLE, font)], "garbage outlines")
    # HTML needs no font file: the same command for HTML alone succeeds
    r = nb("render", SAMPLE, "-o", os.path.join(folder, "only.html"), env={"NIANBAO_HOME": home})
    check(r.returncode == 0, "garbage outlines, HTML only: exit %d %s" % (r.returncode, r.stderr))
    intact(saved, "fonts")


def table_dir(font):
    n = int.from_bytes(font[4:6], "big")
    out = {}
    for k in range(n):
        e = 12 + 16 * k
        out[bytes(font[e:e + 4])] = (e, int.from_bytes(font[e + 8:e + 12], "big"), int.from_bytes(font[e + 12:e + 16], "big"))
    return out


def test_layouts():
    folder = os.path.join(WORK, "layoutout")
    os.makedirs(folder)
    saved = earlier(folder)
    pdf, html = os.path.join(folder, "out.pdf"), os.path.join(folder, "out.html")
    r = nb("render", SAMPLE, "-o", pdf, "-o", html, "--layout", "no-such-layout")
    expect(r, 3, ["nianbao: error: layout 'no-such-layout' not found"], "missing layout")
    data = os.path.join(WORK, "with-layout.yaml")
    text = open(SAMPLE, encoding="utf-8").read()
    open(data, "w", encoding="utf-8").write("layout: no-such-layout\n" + text)
    r = nb("render", data, "-o", pdf, "-o", html)
    expect(r, 3, ["nianbao: error: layout 'no-such-layout' not found",
                  "%s:1:9: error: layout 'no-such-layout' cannot be used" % data], "missing layout named by the data")
    empty = os.path.join(WORK, "layout-empty")
    os.makedirs(empty)
    r = nb("render", SAMPLE, "-o", pdf, "-o", html, "--layout", empty)
    expect(r, 3, ["%s/layout.yaml: error: cannot read the file: No such file or directory" % empty],
           "layout folder without layout.yaml")
    broken = os.path.join(WORK, "layout-broken")
    shutil.copytree(os.path.join(SRC, "layouts", "gb-2021"), broken)
    with open(os.path.join(broken, "layout.yaml"), "a", encoding="utf-8") as f:
        f.write("page: [\n")
    n = open(os.path.join(broken, "layout.yaml"), encoding="utf-8").read().count("\n")
    r = nb("render", SAMPLE, "-o", pdf, "-o", html, "--layout", broken)
    check(r.returncode == 3 and re.fullmatch(re.escape(broken) + r"/layout\.yaml:%d:1: error: .+\n" % (n + 1), r.stderr),
          "layout with a syntax error: %d %s" % (r.returncode, r.stderr))
    # a line taller than the page cannot be placed: the layout is refused
    tall = os.path.join(WORK, "layout-tall")
    shutil.copytree(os.path.join(SRC, "layouts", "gb-2021"), tall)
    lines = open(os.path.join(tall, "layout.yaml"), encoding="utf-8").read().split("\n")
    k = next(i for i, l in enumerate(lines) if l.startswith("  body:"))
    lines[k] = re.sub(r"leading: [^,}]+", "leading: 900pt", lines[k])
    open(os.path.join(tall, "layout.yaml"), "w", encoding="utf-8").write("\n".join(lines))
    r = nb("render", SAMPLE, "-o", pdf, "-o", html, "--layout", tall)
    col = lines[k].index("{") + 1
    expect(r, 3, ["%s/layout.yaml:%d:%d: error: style 'body': a line (900.000 pt) is taller than the text block "
                  "(637.795 pt)" % (tall, k + 1, col)], "line taller than the page")
    intact(saved, "layouts")


try:
    for t in (test_unwritable_folder, test_bad_paths, test_full_disk, test_fonts, test_layouts):
        t()
finally:
    for m in reversed(mounts):
        subprocess.run(["umount", "-l", m])

if failures:
    print("%d failed" % len(failures))
    sys.exit(1)
if skipped:
    for what in skipped:
        print("SKIP", what)
    sys.exit(77)
print("every fault a clear error (exit 3); earlier outputs intact")
