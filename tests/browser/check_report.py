#!/usr/bin/env python3
"""report.html as a person sees it: the default run (`forestsink run`, the
Yunnan plan against its baseline) is opened in headless Chromium (Debian's
`chromium`), which must show the answer paragraph first and load every
image; screenshots of the page are left in OUT for a human to look at.

    check_report.py FORESTSINK_BINARY OUT

OUT/run holds the run, OUT/report-top.png and OUT/report-full.png the
screenshots, OUT/dom.html the page as Chromium built it.
"""
import html.parser
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--virtual-time-budget=15000"]

# Run in the page once it has loaded: each image's state, and the answer's text, as attributes.
PROBE = """<script>
window.addEventListener("load", function () {
  var images = Array.from(document.images);
  var broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); });
  document.body.setAttribute("data-images", images.length);
  document.body.setAttribute("data-broken", broken.map(function (i) { return i.alt; }).join("|"));
  var first = document.querySelector("h1 ~ *");
  document.body.setAttribute("data-first", first ? first.id : "");
  document.body.setAttribute("data-probed", "yes");
});
</script>"""

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL: " + message)


def chromium(profile, *args):
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {p.returncode}\n{p.stderr[-2000:]}")
    return p.stdout


class Body(html.parser.HTMLParser):
    """The <body> attributes the probe set, and the answer paragraph's text."""

    def __init__(self):
        super().__init__()
        self.attrs, self.answer, self.in_answer = {}, "", False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.attrs = a
        if a.get("id") == "answer":
            self.in_answer = True

    def handle_endtag(self, tag):
        if tag == "p":
            self.in_answer = False

    def handle_data(self, data):
        if self.in_answer:
            self.answer += data


def main(binary, out):
    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    run = out / "run"
    p = subprocess.run([binary, "run", "--out", str(run), "--quiet"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        sys.exit(f"forestsink run: exit {p.returncode}\n{p.stdout}")
    page = (run / "report.html").read_text(encoding="utf-8")
    probed = out / "probed.html"
    probed.write_text(page.replace("</body>", PROBE + "\n</body>"), encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="forestsink-chromium-") as profile:
        dom = chromium(profile, "--dump-dom", probed.as_uri())
    (out / "dom.html").write_text(dom, encoding="utf-8")
    body = Body()
    body.feed(dom)
    check(body.attrs.get("data-probed") == "yes", "the page's load event never ran in Chromium")
    expected = page.count("<img ")
    check(expected > 0, "report.html holds no image")
    check(body.attrs.get("data-images") == str(expected),
          f"Chromium shows {body.attrs.get('data-images')} images, report.html has {expected}")
    check(body.attrs.get("data-broken", "x") == "", f"images that do not load: {body.attrs.get('data-broken')}")
    check(body.attrs.get("data-first") == "answer",
          f"the page does not open with the answer paragraph (first element after the title: "
          f"'{body.attrs.get('data-first')}')")
    answer = " ".join(body.answer.split())
    check(answer.startswith("This scenario reaches ") and "targets by their year" in answer,
          f"the answer paragraph reads '{answer[:120]}'")
    for name, size in (("report-top.png", "1280,1000"), ("report-full.png", "1280,14000")):
        with tempfile.TemporaryDirectory(prefix="forestsink-chromium-") as profile:
            chromium(profile, f"--screenshot={out / name}", f"--window-size={size}", (run / "report.html").as_uri())
        check((out / name).exists() and (out / name).stat().st_size > 10000, f"no screenshot {name}")
    print(f"answer: {answer}")
    print(f"{expected} images loaded; screenshots in {out}" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
