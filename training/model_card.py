"""The model card: a Markdown page on what a model learned from and how well it does.

Rendered by ``newsclean train --card PATH`` from the card stored in the model file (data, fit
report, command), the leave-one-publisher-out evaluation and the model's feature names. Nothing
in it depends on the clock, so the same pairs and seed give the same page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from newsclean.training.evaluate import EvalReport
from newsclean.training.metrics import Counts

# Feature families by name prefix, most specific first; anything else is "the block itself".
FEATURE_FAMILIES = (
    ("vocab_", "learned vocabulary: drop rates of the block's tokens, learned per publisher fold"),
    ("p_", "stage two: stage-one drop probabilities of the neighbours and the section"),
    ("prev2_", "the block two before"),
    ("next2_", "the block two after"),
    ("prev_", "the block before"),
    ("next_", "the block after"),
    ("title_", "the title of the enclosing section"),
    ("dist_", "distance to the title, rules, sponsor and footer markers"),
    ("kind_", "markdown kind of the block"),
)
OTHER_FAMILY = "the block itself: size, markup, links, images, words, position"

# How many of each weakness the card lists.
WEAKEST_CATEGORIES = 3
WEAKEST_DOCUMENTS = 5
FALSE_DROPS_SHOWN = 20


def md_table(headers: Sequence[str], rows: Sequence[Sequence[object]], aligns: str = "") -> list[str]:
    """A Markdown pipe table; ``aligns`` has an ``l`` or ``r`` per column (default: first left, rest right)."""

    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    aligns = aligns or "l" + "r" * (len(headers) - 1)
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |",
             "|" + "|".join(":---" if a == "l" else "---:" for a in aligns) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines


def feature_families(names: Sequence[str]) -> list[tuple[str, int, list[str]]]:
    """(family description, count, names) for each family present, in :data:`FEATURE_FAMILIES` order."""
    groups: dict[str, list[str]] = {}
    for name in names:
        family = next((desc for prefix, desc in FEATURE_FAMILIES if name.startswith(prefix)), OTHER_FAMILY)
        groups.setdefault(family, []).append(name)
    order = [desc for _, desc in FEATURE_FAMILIES] + [OTHER_FAMILY]
    return [(desc, len(groups[desc]), groups[desc]) for desc in order if desc in groups]


def _prf(counts: Counts) -> list[str]:
    return [f"{counts.precision:.3f}", f"{counts.recall:.3f}", f"{counts.f1:.3f}"]


def _code(text: str) -> str:
    """Inline code that survives backticks in the text."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _data_section(trained: Mapping[str, Any]) -> list[str]:
    by_category = ", ".join(f"{c} {n}" for c, n in trained["dropped_by_category"].items()) or "none labelled"
    sources = ", ".join(f"{n} from {s}" for s, n in trained["label_sources"].items())
    lines = [
        "## Data", "",
        f"{trained['documents']} pairs from {len(trained['publishers'])} publishers: {trained['blocks']} blocks, "
        f"{trained['dropped']} dropped ({by_category}). Labels: {sources}.", "",
    ]
    lines += md_table(["pair", "publisher", "labels", "blocks", "dropped"],
                      [[p["name"], p["publisher"], p["labels"], p["blocks"], p["dropped"]] for p in trained["pairs"]],
                      "lllrr")
    if trained["merged"]:
        lines += ["", "Duplicates merged (same input once invisible padding and whitespace are removed; the pair "
                      "with `labels.json` is kept):", ""]
        lines += [f"- {m['dropped_source']} → {m['kept']}" for m in trained["merged"]]
    extra = trained.get("extra")
    if extra:
        extra_categories = ", ".join(f"{c} {n}" for c, n in extra["dropped_by_category"].items()) or "none labelled"
        lines += ["", f"Also fitted on {extra['documents']} extra pairs (`--extra`) from {len(extra['publishers'])} "
                      f"publishers: {extra['blocks']} blocks, {extra['dropped']} dropped ({extra_categories}). They "
                      "are never scored: the threshold, the out-of-fold figures and the leave-one-publisher-out and "
                      "frozen-split figures below are those of the pairs above alone (each fold also fits on the "
                      "extras, but not on its held-out publisher's). The extras' folders are named in the command "
                      "under Reproduce; their sample weight is the `extra_weight` of the settings below."]
    return lines


def _model_section(fit: Mapping[str, Any], feature_names: Sequence[str]) -> list[str]:
    config = fit.get("config", {})
    lines = [
        "## Model", "",
        "Two gradient-boosted stages (scikit-learn `HistGradientBoostingClassifier`): stage one scores each block "
        "from its own features, its neighbours', the place it takes in the item templates the issue repeats, and "
        "how often it recurs in other issues (the history: the other newsletters of a folder, or `--history`; "
        "missing for a single file); stage two adds stage one's probabilities around the block and in its "
        "section. Then the rules LABELLING.md states (`model/revise.py`): a title with an explicit sponsor marker "
        "drops its section, a sponsor banner drops itself and the pictures right under it that the model finds "
        "ad-like (its first line of text stops it), and the display ad it introduces when a picture served by an ad "
        "server's host follows within two blocks, below the issue's first story (with its copy only when that ends "
        "in a call to act), or, when it names the sponsor right over a "
        "heading (not the "
        "issue's title), that heading and what is under it while the model finds them at least half its threshold; "
        "a bare ad caption never makes the text beside it an ad; quizzes, word games and "
        "all-paid issues go, credit lines, plain sign-offs, authors' bios, the publication's own episodes described by "
        "their subject (with their picture and listen link; also when opened by the show's label, \"On the X "
        "Podcast:\", which ends a quiz section) and its \"Keep reading\" lists stay, "
        "the parts of a kept story (its headline and pictures) stay with it (a pitch's word in its headline, "
        "\"… per subscriber\", only when the model reads the body as news), and so does a block of text the model "
        "alone drops whose exact shape recurs, kept, in the issue's other items; an item closed by a sponsor tag "
        "(\"Acme sponsor\") goes, and so does the item beside a tag that names its sponsor word for word (\"*Presented "
        "by Harborview Partners*\" under the native ad whose picture names Harborview; \"A message from Calloway "
        "Energy:\" over the copy that names it; a bare \"SPONSORED CONTENT\" over the sponsor's named logo), a "
        "paid-item label over a picture, a heading and a call to act, a block led by a banner naming its sponsor, a "
        "block whose links all go to an ad server's click address, a short block opening with \"Sponsored:\", a "
        "paywall's notice, a bold lead-in pitching the publication's shop or event, a store's affiliate "
        "disclosure, a label right under ad copy the model finds ad-like closes that ad and opens no card "
        "over the next section's heading; a paid-content label alone in its paragraph (\"PARTNER CONTENT\") "
        "with the heading's item under "
        "it (and a bare \"SPONSORED\" over a titled item the model finds ad-like) or a partner's card that calls "
        "to act, a paragraph whose first line is such a label (\"**Paid post by "
        "X**<br>…\", below the first paragraph, not over a story about the trade or a partner outlet's story), a "
        "foreign-language ad caption (\"Publicité\") over a dropped ad, "
        "\"The X is supported by [logo]\" above the first paragraph, and a present-tense sentence crediting a "
        "sponsor by its logo, in italics in words of money or of the issue itself (\"*X's Daily Briefing is "
        "underwritten by Y, a bank …*\"; not a show's hosts or the issue's writers) with a logo right under an open "
        "credit; a sign-off with its signature (\"See you "
        "over the board, The Chess.com Team\") stays, even at the end of a mostly dropped section, and so do "
        "the issue's other sign-offs (\"That's all for today. See you Monday. — Nate\", \"See you at the "
        "gallery, Tate\", read with their entities decoded, and any farewell ending in a comma over a "
        "signature, \"Fair winds,  Priya\") and a correction (\"Correction: Monday's "
        "newsletter gave the wrong date …\") where nothing in the section is sponsored, and a short "
        "title over a picture to identify and its answer, a guessing game (\"Where in Vermont?\", its photo, the "
        "reader asked to guess, last week's answer) and a short teaser closed by its link to take a quiz "
        "are games; an item under a bold rubric of its own that the model keeps (\"**Photo of the day:** …\") ends "
        "a quiz section once the game is played and stays in a mostly dropped one before a block the model keeps; a "
        "block opening with an emphasised \"Partner\", \"Sponsored\" or \"Paid post\" label before copy that "
        "sells goes (\"*Partner* · Maize Harbor Credit Union is offering …\"), and so does a section titled "
        "\"Partner offer\" or \"Partner perk\" that looks paid and sells (the issue's closing sign-off ends it), and "
        "an item closed by an emphasised \"*X is a paid partner of Y.*\"; an update or editor's note that names the "
        "earlier item it corrects (\"*Editor's note: Last week's issue gave the wrong date …*\") is a correction, "
        "and ends a quiz section; the publication's episode that the model keeps stays in a mostly dropped section; "
        "a creator's label for the issue's sponsor (\"**A word from this week's sponsor:** …\") drops its block, and "
        "a bare paid label (\"PARTNER\") over cards each closed by a button that books or buys, which the model finds "
        "at least 0.7 of its threshold, drops them; a short section under a heading that names no game is a quiz "
        "when its blocks ask the reader to play (a quiz's question, choices in a line, \"Unscramble today's word\") "
        "and give an answer (the last game's, not a poll's result); "
        "a title that names the issue's sponsor, whom a banner above the first paragraph named (\"# A word from "
        "Halyard Savings\" under \"Together with Halyard Savings\"), drops the sponsor's item under it when "
        "something there sells and nothing reads as news; a \"Classifieds\" title drops the run of ads under it "
        "that give telephone numbers or e-mail addresses; the footer names the wordmark with its entities decoded; "
        "a feedback poll with its question and ratings in one line, a link alone that shares the issue, a "
        "\"Hiring? Post a job …\" pitch and a partner's label over its logo are furniture or pitches; the last "
        "round's answer beside its game (\"**Last week's answer:** Chile. Congratulations to …\", "
        "\"**September's answer:** …\") is games, and so is a picture game's title (\"Spot the difference\") over "
        "it; the house's own offer in its own voice (\"Our four-week class … $40 … [Register]\") goes where the "
        "model finds it at least half its threshold; "
        "a paragraph opening with the bold line naming the issue's sponsor (\"**This edition is supported by "
        "Keelwise.**\") over copy that names and sells it, copy closed by a paid tag on its own line (\"… *Partner "
        "offer.*\"), a bare \"Sponsored\"/\"Sponsor\" label over one card closed by a button that sells, \"From our "
        "advertisers\", a disclosure closing its item (\"This is a paid advertisement for X.\", \"*Opportunities are "
        "paid listings.*\", \"Partner content: produced for X\"), a \"Sponsored\" label under a heading over a short "
        "section the model finds ad-like, \"From our friends at X:\" offers, \"A word from X\" titles over X's "
        "selling copy, an offer's footnoted fine print, net-promoter surveys, polls on the next topic and the "
        "sender's reader survey are dropped; the masthead named as the issue's title is chrome; a short title over a "
        "puzzle and the last round's answer is games; the issue's own \"That's all for this week\" ends any "
        "section, and quiz sections end at more of the issue's sign-offs (a short line over a dashed signature, "
        "\"Name and the X team\"), its credits and its author's bio. Classified ads under their title (\"Small ads\", "
        "\"Member classifieds\", \"Marketplace\") read by their kinds or contacts, a title whose second line says "
        "its listings are paid, \"*Promoted listings*\" and \"Featured (paid listing)\" labels, the issue's sponsor "
        "line in italics with its offer or with a tagline, \"Thanks to **X** for their support\" over copy that "
        "sells, an item led in bold as from the issue's sponsor, \"A word from\" a company over its copy, the "
        "publisher's legal or independence line in the end matter, quiz labels whose answer is promised later, "
        "riddles under \"Who Am I?\" and picture games under \"Spot the X\" (each ending at the last round's "
        "answer) are dropped too. Five shape rules remain because leaving "
        "each out cost F1 (table below): furniture "
        "shapes "
        "(icon-only blocks, counters, players, avatars, weather widgets, view-online and follow-us or share links "
        "(also one icon to a block, two or more in a row after the last paragraph of prose; a share row's e-mail "
        "button with two networks), short "
        "calls to subscribe, a store's calls to buy (shop now, % off, free shipping) and its discount codes, "
        "a link alone saying a button's words (\"[Buy tickets]\", \"[Reserve a free seat]\"), a store's offer strip "
        "(\"FREE SHIPPING on orders of $40 or more | Use code …\") where the model finds it at least half its "
        "threshold, a short pitch closed by a button that signs up, books, gives or buys a seat where it finds it at "
        "0.7 of its threshold, "
        "referral programmes, avatars linked to a profile page, pictures labelled as ads, a post's badge), "
        "pitch or poll titles, "
        "affiliate disclosures, sections mostly dropped under a dropped heading (and the heading of a section "
        "dropped whole that sells or calls to act, or that the model drops block by block at its threshold, where "
        "the model finds the heading at least half its threshold and it is no lead-in ending in a colon), and the "
        "end matter after the "
        "footer's unsubscribe line. A category model names the "
        "category of dropped blocks. Both stages are "
        "also fitted on each labelled newsletter's clean view (its kept blocks, rendered, all labelled keep; weight "
        f"{config.get('clean_view_weight', '?')}), which is what the confirming pass of cleaning and a second "
        "`clean` see: the model learns to keep a clean newsletter whole.", "",
        f"Decision threshold: {fit['threshold']:.2f}, chosen on out-of-fold predictions for precision on the drop "
        f"class: the lowest threshold whose out-of-fold drop precision reaches {config.get('target_precision', '?')} "
        + (f"and whose out-of-fold news lost is at most {100 * config['target_news_lost']:g}% "
           if config.get("target_news_lost") is not None else "")
        + "(characters of blocks labelled keep that were dropped), "
        "or, when none does, the one with the best F0.5. Settings: "
        + ", ".join(f"{k}={v}" for k, v in config.items()) + ".", "",
        f"### Features ({len(feature_names)})", "",
    ]
    lines += md_table(["family", "count", "examples"],
                      [[desc, n, ", ".join(_code(x) for x in names[:6]) + (", …" if n > 6 else "")]
                        for desc, n, names in feature_families(feature_names)], "lrl")
    grouping = {  # how the fit's inner folds were grouped (training/train.py fold_groups)
        "publisher": "out of fold during fitting (inner folds grouped by publisher, after the section rules)",
                "document": "out of fold during fitting (inner folds grouped by document: the pairs have one "
                            "publisher; after the rules)",
                "none": "in-sample (one pair: no out-of-fold estimate; after the rules)",
                }[fit.get("grouping", "publisher")]
    lines += ["", f"{grouping[0].upper()}{grouping[1:]}: "
                  f"drop precision {fit['oof_precision']:.3f}, recall {fit['oof_recall']:.3f}, "
                  f"F1 {fit['oof_f1']:.3f}."]
    return lines


def _lopo_section(lopo: EvalReport) -> list[str]:
    lines = [
        "## Leave-one-publisher-out evaluation", "",
        "Each publisher's pairs decided by a model fitted on the other publishers only: the estimate for a "
        "newsletter from a publisher the model has not seen. Drop is the positive class; blocks without letters "
        "or digits are not scored.", "",
    ]
    lines += md_table(["", "precision", "recall", "F1", "tp", "fp", "fn"],
                      [[label, *_prf(c), c.tp, c.fp, c.fn]
                       for label, c in (("by block", lopo.by_block), ("by character", lopo.by_char))])
    lines += ["", "### Per held-out publisher", ""]
    lines += md_table(["publisher", "pairs", "threshold", "precision", "recall", "F1", "F1 (chars)"],
                      [[f.publisher, len(f.documents), f"{f.threshold:.2f}", *_prf(f.by_block), f"{f.by_char.f1:.3f}"]
                       for f in lopo.folds])
    lines += ["", "### Recall per category", ""]
    lines += md_table(["category", "recall", "dropped / labelled"],
                      [[name, "-" if c.recall is None else f"{c.recall:.2f}", f"{c.dropped} / {c.total}"]
                       for name, c in lopo.categories.items()])
    return lines


def _weaknesses_section(lopo: EvalReport) -> list[str]:
    lines = ["## Known weaknesses", "", "From the leave-one-publisher-out evaluation above.", ""]
    categories = sorted(((c.recall, name, c) for name, c in lopo.categories.items() if c.recall is not None),
                        key=lambda item: (item[0], item[1]))[:WEAKEST_CATEGORIES]
    if categories:
        lines.append("Lowest-recall categories (left in the output most often): "
                     + "; ".join(f"{name} {r:.2f} ({c.dropped}/{c.total})" for r, name, c in categories) + ".")
    docs = sorted(lopo.documents, key=lambda s: (s.by_block.recall, s.name))[:WEAKEST_DOCUMENTS]
    lines += ["", "Lowest-recall documents:", ""]
    lines += md_table(["pair", "publisher", "recall", "missed", "false drops"],
                      [[s.name, s.publisher, f"{s.by_block.recall:.3f}", len(s.missed), len(s.false_drops)]
                       for s in docs], "llrrr")
    false_drops = [(s.name, e) for s in lopo.documents for e in s.false_drops]
    lines += ["", f"False drops (content lost; {len(false_drops)} in all"
                  + (f", first {FALSE_DROPS_SHOWN} shown" if len(false_drops) > FALSE_DROPS_SHOWN else "") + "):", ""]
    if false_drops:
        lines += md_table(["pair", "block", "text"],
                          [[name, e.index, _code(e.snippet)] for name, e in false_drops[:FALSE_DROPS_SHOWN]], "lrl")
    else:
        lines.append("None.")
    return lines


def _history_section(lopo: EvalReport) -> list[str]:
    alone = lopo.alone
    if alone is None:
        return []
    rows = [["with history (the other pairs, as a folder is cleaned)", *_prf(lopo.by_block),
             f"{100 * lopo.by_char.lost:.2f}%", _recall(lopo.categories["ad"].recall)],
            ["without history (each pair alone, as one file is cleaned)", *_prf(alone.by_block),
             f"{100 * alone.by_char.lost:.2f}%", _recall(alone.categories["ad"].recall)]]
    return ["### With and without history", "",
            "The same fold models, deciding each held-out pair with the other pairs' inputs as history (what "
            "recurs from issue to issue is likely furniture) and without. News lost: characters of blocks "
            "labelled keep that were dropped, over all characters labelled keep.", "",
            *md_table(["", "precision", "recall", "F1", "news lost", "ad recall"], rows)]


# What each revision rule is worth, measured by notebooks/design_cv.py --ablate --json (design publishers only).
RULE_STUDY = Path(__file__).with_name("rule_study.json")


def _rules_section(rules: Sequence[str]) -> list[str]:
    if not RULE_STUDY.is_file():
        return []
    study = json.loads(RULE_STUDY.read_text(encoding="utf-8"))
    sets = study["rule_sets"]
    rows = [[name, *(f"{sets[name][k]:.3f}" for k in ("precision", "recall", "f1")),
             f"{100 * sets[name]['news_lost']:.2f}%", _recall(sets[name]["ad_recall"])] for name in sets]
    return ["### Rules and what each is worth", "",
            f"Rules in this model: {', '.join(rules)}. Each was measured by leaving it out ({study['protocol']}; "
            f"{study['documents']} documents): \"all\" is every rule, \"labelling\" only those LABELLING.md "
            "states, \"-x\" all but x. A rule stays only while leaving it out costs F1.", "",
            *md_table(["rules", "precision", "recall", "F1", "news lost", "ad recall"], rows)]


def _recall(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _holdout_section(holdout: EvalReport | None, notes: Sequence[str] = (),
                     source: str = "training/frozen_split.json") -> list[str]:
    if holdout is None:
        return []
    studied = ["", "Studied since the split was frozen (these publishers' figures are that much less blind):",
               "", *[f"- {n}" for n in notes]] if notes else []
    h = holdout.by_block
    return ["## Frozen split", "",
            f"Before the misses of this round were studied, {len(holdout.publishers)} "
            f"publisher{'s were' if len(holdout.publishers) != 1 else ' was'} set aside "
            f"(`{source}`); the features and rules were designed on the others. A model fitted "
            "on the others only, scored on the set-aside publishers (with history):", "",
            *md_table(["", "precision", "recall", "F1", "news lost", "ad recall"],
                      [["held-out publishers", *_prf(h), f"{100 * holdout.by_char.lost:.2f}%",
                        _recall(holdout.categories["ad"].recall)]]),
            "", "Publishers: " + ", ".join(holdout.publishers) + ".", *studied]


def render_card(card: Mapping[str, Any], lopo: EvalReport, feature_names: Sequence[str],
                holdout: EvalReport | None = None, holdout_notes: Sequence[str] = (),
                holdout_source: str = "training/frozen_split.json") -> str:
    """The model card as Markdown.

    Args:
        card: the card stored in the model file (``train.build_card``): ``trained_on``,
            ``fit_report`` and ``command``.
        lopo: the leave-one-publisher-out evaluation on the same pairs.
        feature_names: the fitted model's ``feature_names_``.
        holdout: the frozen split's evaluation (``train --holdout``), if any.
        holdout_notes: what was studied of the split's publishers since it was frozen (its ``studied_since``).
        holdout_source: the split's file, as the card names it.

    Returns:
        The page, ending with a newline.
    """
    trained, fit = card["trained_on"], card["fit_report"]
    lopo_f1 = lopo.by_block
    lines = [
        "# newsclean model card", "",
        "A block classifier that drops ads, self-promotion, email chrome, footers, tracking pixels and games from "
        "newsletters converted to Markdown, keeping every other block byte for byte.", "",
        f"Headline (leave-one-publisher-out, by block): drop precision {lopo_f1.precision:.3f}, "
        f"recall {lopo_f1.recall:.3f}, F1 {lopo_f1.f1:.3f}; news lost {100 * lopo.by_char.lost:.2f}%.", "",
    ]
    rules = fit.get("config", {}).get("rules", [])
    sections = [_data_section(trained), _model_section(fit, feature_names), _rules_section(rules), _lopo_section(lopo),
                _history_section(lopo), _holdout_section(holdout, holdout_notes, holdout_source),
                _weaknesses_section(lopo),
                ["## Reproduce", "", "```sh", str(card["command"]), "```"]]
    for section in sections:
        lines += [*section, ""]
    return "\n".join(lines).rstrip("\n") + "\n"
