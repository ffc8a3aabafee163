"""One self-contained HTML page of an evaluation: ``newsclean evaluate --report OUT.html``.

The page has no scripts and loads nothing: the style is inline, the precision–recall curve is a
base64 PNG drawn with matplotlib (Agg). Every piece of newsletter text goes through
``html.escape``, so a newsletter's own ``<script>`` shows as text and never runs.

Sections: the headline table (the model and the baselines on the same documents: drop precision,
recall and F1 by block and by character, recall per category); the precision–recall curve of the
drop probability with the thresholds used and the one needed for drop precision 0.99; per
document figures; then every document with its mistakes (false drops first) and its blocks,
dropped ones struck through and coloured by labelled category.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence

import numpy as np
from newsclean.training.evaluate import DocDetail, EvalReport
from newsclean.training.metrics import CATEGORIES, CategoryRecall, Counts, DocScore, is_scored

TARGET_PRECISION = 0.99  # the drop precision a cautious user asks for; its threshold is reported

CATEGORY_COLOURS = {  # background of blocks labelled with each drop category
    "ad": "#ffd6d6", "self_promo": "#ffe8c2", "chrome": "#e3e3f7", "footer": "#dcecdc",
    "tracking": "#e8e8e8", "games": "#f3dcf3",
}
OTHER_COLOUR = "#fff3b0"  # a drop with no or an unknown category

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1300px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}
th{background:#f2f2f2}td.l,th.l{text-align:left}tr.model td{font-weight:600;background:#eef6ff}
.note{color:#555}.small{font-size:12px;color:#555}
.blk{margin:2px 0;padding:2px 6px;border-left:4px solid transparent;display:flex;gap:10px}
.blk pre{margin:0;white-space:pre-wrap;word-break:break-word;font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;flex:1}
.blk .p{font:11px ui-monospace,monospace;color:#666;min-width:86px}
.blk.dropped pre{text-decoration:line-through;text-decoration-color:#a00}
.blk.false{border-left-color:#d00;outline:1px dashed #d00}.blk.missed{border-left-color:#e90}
.legend span{display:inline-block;padding:1px 8px;margin:2px;border:1px solid #ccc}
ol.err li{margin:2px 0}code{font-size:12px}
details{margin:6px 0}summary{cursor:pointer;font-weight:600}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _f(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _prf(counts: Counts) -> list[str]:
    return [_f(counts.precision), _f(counts.recall), _f(counts.f1)]


def _cat_cell(c: CategoryRecall | None) -> str:
    if c is None or c.recall is None:
        return "–"
    return f"{c.recall:.2f} <span class=small>({c.dropped}/{c.total})</span>"


def _headline_rows(report: EvalReport) -> list[tuple[str, Counts, Counts, dict[str, CategoryRecall]]]:
    rows = [("newsclean model", report.by_block, report.by_char, report.categories)]
    rows += [(f"baseline: {name}", b.by_block, b.by_char, b.categories) for name, b in report.baselines.items()]
    return rows


def headline_table(report: EvalReport) -> str:
    """The model and every baseline: P/R/F1 by block and by character, recall per category."""
    head = ("<tr><th class=l rowspan=2>cleaner</th><th colspan=3>drop by block</th><th colspan=3>drop by char</th>"
            f"<th colspan={len(CATEGORIES)}>recall per category (blocks)</th></tr><tr>"
            + "<th>P</th><th>R</th><th>F1</th>" * 2 + "".join(f"<th>{_e(c)}</th>" for c in CATEGORIES) + "</tr>")
    body = []
    for i, (name, block, char, cats) in enumerate(_headline_rows(report)):
        cells = [*_prf(block), *_prf(char)]
        body.append(f"<tr{' class=model' if i == 0 else ''}><td class=l>{_e(name)}</td>"
                    + "".join(f"<td>{c}</td>" for c in cells)
                    + "".join(f"<td>{_cat_cell(cats.get(c))}</td>" for c in CATEGORIES) + "</tr>")
    return f"<table class=headline>{head}{''.join(body)}</table>"


def _drop_precision_recall(y: np.ndarray, p: np.ndarray, thr: float) -> tuple[float, float]:
    drop = p >= thr
    tp = float(np.sum(drop & y))
    return (tp / float(drop.sum()) if drop.any() else 1.0), (tp / float(y.sum()) if y.any() else 1.0)


def threshold_for_precision(y: Sequence[int] | np.ndarray, proba: Sequence[float] | np.ndarray,
                            target: float = TARGET_PRECISION
                            ) -> tuple[float, float, float] | None:
    """The lowest threshold from which drop precision stays at or above ``target``.

    Returns:
        (threshold, precision, recall) at that threshold, or None when no threshold that drops
        anything reaches it.
    """
    yy, pp = np.asarray(y, dtype=bool), np.asarray(proba, dtype=float)
    best = None
    for thr in sorted(set(pp.tolist()), reverse=True):  # from the most confident drop down
        prec, rec = _drop_precision_recall(yy, pp, thr)
        if prec < target:
            break
        best = (float(thr), prec, rec)
    return best


def _pooled(details: Sequence[DocDetail]) -> tuple[np.ndarray, np.ndarray]:
    y, p = [], []
    for d in details:
        for text, yy, pp in zip(d.texts, d.y, d.proba, strict=True):
            if is_scored(text):
                y.append(yy)
                p.append(pp)
    return np.asarray(y, dtype=bool), np.asarray(p, dtype=float)


def pr_curve_png(report: EvalReport) -> tuple[str, str]:
    """The drop-class precision–recall curve as a base64 PNG, and a caption (HTML)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    y, p = _pooled(report.details)
    if not len(y) or not y.any():
        return "", "no scored drops: no curve."
    grid = np.unique(np.concatenate([p, np.linspace(0, 1, 101)]))
    points = [_drop_precision_recall(y, p, t) for t in grid]
    fig, ax = plt.subplots(figsize=(7, 5), dpi=100)
    ax.plot([r for _, r in points], [q for q, _ in points], color="#1f5fbf", lw=1.6, label="model probability")
    used = sorted({d.threshold for d in report.details})
    for t in used:
        q, r = _drop_precision_recall(y, p, t)
        ax.plot([r], [q], "o", color="#d62", ms=6, label="threshold used" if t == used[0] else None)
    spread = f"{used[0]:.2f}" if len(used) == 1 else f"{used[0]:.2f}–{used[-1]:.2f} (per fold)"
    ax.plot([report.by_block.recall], [report.by_block.precision], "*", color="#d62", ms=14,
            label="model decisions (after section rules)")
    target = threshold_for_precision(y, p)
    if target is not None:
        ax.plot([target[2]], [target[1]], "s", color="#2a2", ms=8,
                label=f"threshold {target[0]:.3f}: P ≥ {TARGET_PRECISION}")
    for (name, b), marker in zip(report.baselines.items(), "vD^<>", strict=False):
        if b.by_block.predicted:
            ax.plot([b.by_block.recall], [b.by_block.precision], marker, color="#777", ms=8, label=f"baseline: {name}")
    ax.set_xlabel("drop recall (blocks)")
    ax.set_ylabel("drop precision (blocks)")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(max(0.0, min(q for q, _ in points) - 0.05), 1.01)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title("drop class, all scored blocks" + (" (pooled over folds)" if report.mode == "cv-publisher" else ""))
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    plt.close(fig)
    need = (f"No threshold reaches drop precision {TARGET_PRECISION:.2f}" if target is None else
            f"For drop precision ≥ {TARGET_PRECISION} a user needs threshold <b>{target[0]:.3f}</b> "
            f"(precision {target[1]:.3f}, recall {target[2]:.3f} on the probability alone)")
    caption = (f"Threshold used: {_e(spread)}. {need}. The curve is the probability alone; the section rules "
               "(a sponsor heading drops its section, quiz sections) move the final decisions (star)."
               + (" In leave-one-publisher-out each document's probability comes from the model that did not "
                  "see its publisher, so one threshold over the pooled curve is an approximation." if report.mode ==
                  "cv-publisher" else ""))
    return base64.b64encode(buf.getvalue()).decode("ascii"), caption


def documents_table(report: EvalReport) -> str:
    """Per document: the model's figures and each baseline's block F1."""
    names = list(report.baselines)
    per_base = {n: {s.name: s for s in report.baselines[n].documents} for n in names}
    head = ("<tr><th class=l>document</th><th class=l>publisher</th><th>thr</th><th>blocks</th><th>drops</th>"
            "<th>P</th><th>R</th><th>F1</th><th>P chr</th><th>R chr</th><th>F1 chr</th><th>false</th><th>missed</th>"
            + "".join(f"<th>F1 {_e(n)}</th>" for n in names) + "</tr>")
    rows = []
    for s in report.documents:
        base = [per_base[n].get(s.name) for n in names]
        rows.append(f"<tr><td class=l><a href='#doc-{_e(_anchor(s.name))}'>{_e(s.name)}</a></td>"
                    f"<td class=l>{_e(s.publisher)}</td><td>{report.threshold_of(s):.2f}</td>"
                    f"<td>{s.scored}</td><td>{s.by_block.actual}</td>"
                    + "".join(f"<td>{c}</td>" for c in [*_prf(s.by_block), *_prf(s.by_char)])
                    + f"<td>{len(s.false_drops)}</td><td>{len(s.missed)}</td>"
                    + "".join(f"<td>{_f(b.by_block.f1) if b else '–'}</td>" for b in base) + "</tr>")
    total = (f"<tr class=model><td class=l>total</td><td></td><td></td>"
             f"<td>{sum(s.scored for s in report.documents)}</td><td>{report.by_block.actual}</td>"
             + "".join(f"<td>{c}</td>" for c in [*_prf(report.by_block), *_prf(report.by_char)])
             + f"<td>{report.by_block.fp}</td><td>{report.by_block.fn}</td>"
             + "".join(f"<td>{_f(report.baselines[n].by_block.f1)}</td>" for n in names) + "</tr>")
    return f"<table>{head}{''.join(rows)}{total}</table>"


def _anchor(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name)


def _mistakes(detail: DocDetail, score: DocScore) -> str:
    items = [f"<li><b>false drop</b> #{e.index} p={detail.proba[e.index]:.3f}: <code>{_e(e.snippet)}</code></li>"
             for e in score.false_drops]
    items += [f"<li>missed {_e(e.category or 'drop')} #{e.index} p={detail.proba[e.index]:.3f}: "
              f"<code>{_e(e.snippet)}</code></li>" for e in score.missed]
    return f"<ol class=err>{''.join(items)}</ol>" if items else "<p class=small>no mistakes.</p>"


def _blocks(detail: DocDetail) -> str:
    out = []
    for i, text in enumerate(detail.texts):
        truth, keep, scored = bool(detail.y[i]), detail.keep[i], is_scored(text)
        cat = detail.categories[i]
        classes = ["blk"]
        if not keep:
            classes.append("dropped")
        if scored and not keep and not truth:
            classes.append("false")
        if scored and keep and truth:
            classes.append("missed")
        colour = CATEGORY_COLOURS.get(cat or "", OTHER_COLOUR) if truth else "transparent"
        label = (cat or "drop") if truth else "keep"
        out.append(f"<div class='{' '.join(classes)}' style='background:{colour}'>"
                   f"<span class=p>#{i} p={detail.proba[i]:.2f}<br>{_e(label)}</span><pre>{_e(text)}</pre></div>")
    return "".join(out)


def document_section(detail: DocDetail, score: DocScore) -> str:
    """One document: its figures, its mistakes, its blocks (open by default when it has mistakes)."""
    wrong = len(score.false_drops) + len(score.missed)
    return (f"<section id='doc-{_e(_anchor(detail.name))}'><h3>{_e(detail.name)} "
            f"<span class=small>({_e(detail.publisher)}; threshold {detail.threshold:.2f}; "
            f"P {score.by_block.precision:.3f} R {score.by_block.recall:.3f}; {len(score.false_drops)} false drop(s), "
            f"{len(score.missed)} missed)</span></h3>{_mistakes(detail, score)}"
            f"<details{' open' if wrong else ''}><summary>the newsletter ({len(detail.texts)} blocks)</summary>"
            f"{_blocks(detail)}</details></section>")


def _legend() -> str:
    swatches = "".join(f"<span style='background:{c}'>{_e(n)}</span>" for n, c in CATEGORY_COLOURS.items())
    return (f"<p class=legend>Background = labelled drop category: {swatches}. "
            "<span><del>struck through</del> = dropped by the model</span> "
            "<span style='outline:1px dashed #d00;border-left:4px solid #d00'>false drop</span> "
            "<span style='border-left:4px solid #e90'>missed drop</span>; p = the model's drop probability.</p>")


def to_html(report: EvalReport) -> str:
    """The whole report as one HTML page: no scripts, no external resources."""
    png, caption = pr_curve_png(report)
    title = (f"leave-one-publisher-out over {len(report.folds)} publishers" if report.mode == "cv-publisher"
             else f"scoring {report.model}")
    scores = {s.name: s for s in report.documents}
    docs = "".join(document_section(d, scores[d.name]) for d in report.details if d.name in scores)
    base_note = ", ".join(report.baselines) or "none"
    img = (f"<img alt='precision-recall curve of the drop class' src='data:image/png;base64,{png}'>" if png else "")
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; img-src data:; "
        "style-src 'unsafe-inline'\">"
        f"<title>newsclean evaluate: {_e(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>newsclean evaluate: {_e(title)}</h1><p class=note>{_e(report.note)}</p>"
        f"<p>{len(report.documents)} documents from {len(report.publishers)} publishers; model: {_e(report.model)}; "
        f"baselines on the same documents: {_e(base_note)}. Drop is the positive class; blocks without letters "
        "or digits are not scored.</p>"
        f"<h2>Model and baselines</h2>{headline_table(report)}"
        f"<h2>Precision–recall of the drop class</h2>{img}<p>{caption}</p>"
        f"<h2>Per document</h2>{documents_table(report)}"
        f"<h2>Documents</h2>{_legend()}{docs}</body></html>\n"
    )

