"""Each rule of model/revise.py, on hand-made newsletters with hand-set model probabilities."""

from __future__ import annotations

import numpy as np
import pytest
from newsclean.features.blockfeats import block_stats
from newsclean.features.segment import parse_blocks
from newsclean.model.revise import AD_LABEL_RE, revise

THRESHOLD = 0.9


def decide(markdown: str, probas: list[float]) -> list[tuple[bool, str]]:
    blocks = parse_blocks(markdown)
    assert len(blocks) == len(probas), [b.text for b in blocks]
    return revise(blocks, [block_stats(b) for b in blocks], np.array(probas), THRESHOLD)


def kept(markdown: str, probas: list[float]) -> list[bool]:
    return [k for k, _ in decide(markdown, probas)]


def test_model_decides_when_no_rule_applies() -> None:
    assert kept("Story one.\n\nStory two.", [0.2, 0.95]) == [True, False]


def test_explicit_sponsor_marker_drops_its_section_whatever_the_model_says() -> None:
    md = ("## [Build faster with Acme (Sponsored)](https://x.y/r)\n\nAcme does things.\n\n"
          "[Try Acme](https://x.y/r)\n\n## Real story\n\nNews text.")
    assert kept(md, [0.1, 0.1, 0.1, 0.1, 0.1]) == [False, False, False, True, True]
    assert decide(md, [0.1] * 5)[0][1].startswith("explicit sponsor marker")


def test_short_banner_drops_its_pictures_but_no_text_and_a_sentence_is_no_banner() -> None:
    # the banner goes, and the pictures right under it while the model finds them ad-like (p >= half
    # the threshold): the sponsor's logo, the display ad it captions
    logo = "[![Acme](https://cdn.acme.example/logo.png)](https://acme.example/r)"
    assert kept(f"Together with Acme\n\n{logo}\n\nAcme copy.\n\n# Issue title\n\nNews.", [0.5] * 5) == [
        False, False, True, True, True]
    assert kept(f"ADVERTISEMENT\n\n{logo}\n\n{logo}\n\nA story.", [0.5, 0.6, 0.3, 0.1]) == [
        False, False, True, True]
    # the first line of text stops it: the newsletter's title, byline and greeting under its banner
    assert kept("Presented by Acme\n\nThe Morning Brief\n\nBy Jo Writer\n\nGood morning.",
                [0.5, 0.85, 0.8, 0.7]) == [False, True, True, True]
    long = "Together with our readers we looked at why " + "city budgets grow " * 5 + "every year."
    assert kept(f"{long}\n\nMore news.", [0.1, 0.1]) == [True, True]


def test_whole_issue_of_paid_content_is_dropped() -> None:
    md = "# Webinar\n\nJoin us Tuesday.\n\n*This paid content was created with our sponsor and Brew.*"
    assert kept(md, [0.0, 0.0, 0.0]) == [False, False, False]


def test_a_sponsors_banner_sentence_is_no_whole_paid_issue() -> None:
    """Session 17 review: an ordinary issue's banner said as a sentence names its sponsor; its news stays."""
    for line in ("This newsletter is brought to you by our sponsor, Acme.",
                 "This issue is sponsored by our partner Acme."):
        md = f"{line}\n\n## Story\n\n{PROSE}\n\n## Next\n\n{PROSE}"
        assert kept(md, [0.1] * 5)[1:] == [True] * 4, line


def test_a_paid_content_line_in_the_middle_of_a_long_document_closes_its_section_only() -> None:
    """A digest bundling several newsletters (session 17 review): the line drops its own section, not the digest."""
    stories = "".join(f"## Story {i}\n\n{PROSE}\n\n" for i in range(20))
    paid = "## Webinar\n\nJoin us Tuesday.\n\n*This paid content was created with our sponsor and Brew.*\n\n"
    decided = kept(stories + paid + stories, [0.1] * 83)
    assert decided[40:43] == [False, False, False]
    assert decided[:40] == [True] * 40 and decided[43:] == [True] * 40
    # so at its end: it closes the last section; with no title above it, or closing most of the issue, the issue
    assert kept(stories + stories + paid, [0.1] * 83)[:80] == [True] * 80
    assert kept(paid.replace("## Webinar\n\n", "") + stories, [0.1] * 42) == [False] * 42
    long_paid = "## Webinar\n\n" + f"{PROSE}\n\n" * 6 + paid.split("\n\n", 1)[1]
    two = "".join(f"## Story {i}\n\n{PROSE}\n\n" for i in range(2))
    assert kept(two + long_paid, [0.1] * 13) == [False] * 13


@pytest.mark.parametrize(("text", "keep"), [
    ("[![](https://cdn.x/icon/share.png)](https://x.y/s) [![](https://cdn.x/w_36/like.png)](https://x.y/l)", False),
    ("[View in browser](https://x.y/v)", False), ("[View as Webpage](https://x.y/v)", False),
    ("Having trouble viewing this email? [Click here](https://x.y/v)", False),
    ("## Can't see the stars? Blame light pollution", True),
    ("Can't see the ballot? [Read Prop 12](https://x.y/p)", True),
    ("[Sign up for our free briefings](https://x.y/s)", False),
    ("[![](https://ads.doubleclick.net/i.gif)](https://ads.doubleclick.net/c)", False),
    ("![A chart of rates](https://cdn.x/w_1100/chart.png)", True),  # a real picture, model keeps it
])
def test_block_rules(text: str, keep: bool) -> None:
    assert kept(f"News before.\n\n{text}\n\nNews after.", [0.0, 0.5, 0.0]) == [True, keep, True]


def test_credit_line_is_kept_even_when_the_model_drops_it() -> None:
    assert kept("News.\n\nThanks for reading,  \nJane Doe", [0.0, 0.99]) == [True, True]
    assert kept("News.\n\n**References:**\n\n- [A paper](https://x.y/p)", [0.0, 0.99, 0.0]) == [True, True, True]
    assert kept("News.\n\nHello from Last Week in AI! Thank you for being a subscriber :)", [0.0, 0.99]) == [True, True]


def test_a_thank_you_that_asks_to_subscribe_is_the_models_to_decide() -> None:
    """Substack's "Thanks for reading X! Subscribe for free..." box is self_promo, not a credit line."""
    md = "News.\n\nThanks for reading Jetsam! Subscribe for free to receive new posts and support my work."
    assert kept(md, [0.0, 0.99]) == [True, False]
    assert kept(md, [0.0, 0.2]) == [True, True]


def test_an_authors_bio_is_kept_even_when_it_ends_with_a_pitch() -> None:
    """LABELLING.md: an author's bio is kept; a block mixing it with "subscribe to X" is kept too."""
    bio = ("***[Laura Doe](https://x.y/@laura)*** *is a staff writer at Every. You can follow her on "
           "[LinkedIn](https://x.y/l). To read more essays like this, subscribe to [Every](https://x.y/s), and "
           "follow us on X at [@every](https://x.y/x).*")
    assert kept(f"News.\n\n{bio}", [0.0, 0.99]) == [True, True]
    assert kept(f"News.\n\n{bio}", [0.0, 0.5]) == [True, True]  # no furniture shape takes it either
    assert kept(f"News.\n\n{bio.replace('is a staff writer', 'writes')}", [0.0, 0.5]) == [True, False]
    assert kept("News.\n\nDr. Jane Doe is an associate professor of history at Yale.", [0.0, 0.99]) == [True, True]
    # near misses: a product named like a person, a writer's tool, a course, a long essay: the model decides
    for text in ("Grammarly is an AI writer's assistant. Try it free.",
                 "Become a writer: our course is a writer programme for you.",
                 "Jane Doe is a writer program for teams. Book a demo.",
                 "Jane Doe is a reporter. " + "More words here. " * 30):
        assert kept(f"News.\n\n{text}", [0.0, 0.99]) == [True, False], text


@pytest.mark.parametrize(("text", "keep"), [
    ("Preview", False), ("**PAID**", False), ("Free preview", False),
    ("Preview of the week", True), ("Paid leave", True), ("[Preview](https://x.y/p)", False),
    ("![Preview](https://x.y/p.png)", True),  # a picture: the model decides
    ("## Preview", True),  # a heading ("Preview" of tonight's games): the model decides
])
def test_a_posts_badge_alone_is_chrome(text: str, keep: bool) -> None:
    assert kept(f"News before.\n\n{text}\n\nNews after.", [0.0, 0.5, 0.0]) == [True, keep, True]


def test_what_follows_the_footers_unsubscribe_line_is_end_matter() -> None:
    story = "A story of the day with enough words to be a story of the day, told in full here."
    md = "\n\n".join([story] * 6 + ["[Unsubscribe](https://x.y/u) | [Manage preferences](https://x.y/p)",
                                     "Acme Media, 1 Main St", "[![Powered by Ghost](https://x.y/g.png)](https://x.y)"])
    p = [0.0] * 6 + [0.99, 0.3, 0.4]
    assert kept(md, p) == [True] * 6 + [False, False, False]
    assert decide(md, p)[7][1] == "after the footer's unsubscribe line (block 6)"
    # the line kept by the model opens no tail; nor does one in the first half of the issue
    assert kept(md, [0.0] * 6 + [0.3, 0.3, 0.4]) == [True] * 9
    early = "\n\n".join(["[Unsubscribe](https://x.y/u)", story, "Acme Media, 1 Main St"])
    assert kept(early, [0.99, 0.0, 0.3]) == [False, True, True]
    # a long run of text after it is not end matter
    long_tail = "\n\n".join([story] * 2 + ["[Unsubscribe](https://x.y/u)"] + [story] * 2)
    assert kept(long_tail, [0.0, 0.0, 0.99, 0.0, 0.0]) == [True, True, False, True, True]
    # a story's "opt out" (no link) opens no tail; a heading or a story paragraph ends it
    optout = "\n\n".join([story] * 6 + ["Residents can opt out of the new fee by Friday.", "## One more thing",
                                        "The mayor resigned on Tuesday."])
    assert kept(optout, [0.0] * 6 + [0.95, 0.0, 0.0]) == [True] * 6 + [False, True, True]
    ended = "\n\n".join([story] * 6 + ["[Unsubscribe](https://x.y/u)", "Acme Media", "## One more thing", "Text."])
    assert kept(ended, [0.0] * 6 + [0.99, 0.2, 0.0, 0.0]) == [True] * 6 + [False, False, True, True]
    # a credit line after it stays, as everywhere
    credit = md + "\n\nThanks for reading,  \nJane Doe"
    assert kept(credit, [*p, 0.99]) == [True] * 6 + [False, False, False, True]


def test_a_story_link_is_kept_like_its_repeats_in_the_other_items() -> None:
    """The last story's "Read the full story" above the footer is kept like the same link of the others."""
    item = "[**Story {k}**](https://x.y/s{k})\n\nWhat happened {k}.\n\n[Read the full story](https://x.y/r{k})"
    md = "\n\n".join(item.format(k=k) for k in range(3))
    p = [0.0, 0.0, 0.1] * 2 + [0.0, 0.0, 0.97]
    assert kept(md, p) == [True] * 9
    assert decide(md, p)[8][1] == "kept like the 2 other blocks of its shape (model p=0.97)"
    # one other instance is not a template; others near the threshold do not vouch for it
    assert kept("\n\n".join(item.format(k=k) for k in range(2)), [0.0, 0.0, 0.1, 0.0, 0.0, 0.97])[-1] is False
    assert kept(md, [0.0, 0.0, 0.6] * 2 + [0.0, 0.0, 0.97])[-1] is False
    # pictures are the model's: a named icon repeated in header and footer is no story template
    icons = "\n\n".join(["[![Facebook](https://x.y/fb.png)](https://fb.example/shop)", "News one.",
                          "[![Facebook](https://x.y/fb.png)](https://fb.example/shop)", "News two.",
                          "[![Facebook](https://x.y/fb.png)](https://fb.example/shop)"])
    assert kept(icons, [0.1, 0.0, 0.1, 0.0, 0.97])[-1] is False
    # a sponsored item is still dropped whole, its "Read the full story" with it
    ad = md + "\n\n## Acme (Sponsored)\n\nAcme does things.\n\n[Read the full story](https://acme.example/r)"
    assert kept(ad, [*p, 0.1, 0.1, 0.2])[-3:] == [False, False, False]


def test_an_ad_caption_labels_the_picture_beside_it_never_the_story_text_above() -> None:
    story = "The council voted 32-18 on Wednesday to approve a budget that raises taxes and adds officers."
    pic = "[![](https://ads.example/a.png)](https://ads.example/c)"
    md = f"**Budget passes**\n\n{story}\n\nADVERTISEMENT\n\n{pic}\n\n**Next story**\n\nNews."
    # the model drops the paragraph above the caption (captions sit below ads in some newsletters)
    assert kept(md, [0.0, 0.97, 0.99, 0.99, 0.0, 0.0]) == [True, True, False, False, True, True]
    assert decide(md, [0.0, 0.97, 0.99, 0.99, 0.0, 0.0])[1][1].startswith("text above the ad caption of block 2")
    # the rescue is a keep the later section rules respect
    rescued = f"## Budget passes\n\n{story}\n\nADVERTISEMENT\n\n{pic}\n\nAcme ad text here."
    assert kept(rescued, [0.95, 0.97, 0.99, 0.99, 0.95])[1] is True
    # a picture above the caption is the ad; so is text that pitches or names a sponsor, or a short line
    below = f"{story}\n\n{pic}\n\nAdvertisement\n\nNews."
    assert kept(below, [0.0, 0.97, 0.99, 0.0]) == [True, False, False, True]
    for text in ("Acme makes payroll easy for teams of every size. Try Acme free for 30 days today.",
                 "Brought to you by Acme, the payroll tool for teams of every size and every budget.",
                 "Payroll made easy."):
        assert kept(f"{text}\n\nAdvertisement\n\nNews.", [0.97, 0.99, 0.0])[0] is False, text


def test_a_banner_right_over_a_heading_takes_its_section_while_the_model_finds_it_ad_like() -> None:
    md = ("## Markets\n\nStocks fell.\n\nTOGETHER WITH LEDGERLY\n\n## Close your books in half the time\n\n"
          "Finance teams close the month in 4 days.\n\n[Get a demo](https://l.example/d)\n\n## Tech\n\nNews.")
    p = [0.0, 0.0, 0.99, 0.79, 0.76, 0.8, 0.57, 0.1]
    assert kept(md, p) == [True, True, False, False, False, False, True, True]
    assert decide(md, p)[3][1].startswith("in the section under the sponsor banner of block 2")
    # the model finds the heading news-like (an issue's own title under its "Presented by" banner): nothing but the
    # "[Get a demo]" button, a link alone that sells (session 18)
    assert kept(md, [0.0, 0.0, 0.99, 0.2, 0.76, 0.8, 0.57, 0.1])[3:6] == [True, True, False]
    # the first news-like block of the section ends the run
    assert kept(md, [0.0, 0.0, 0.99, 0.79, 0.1, 0.8, 0.57, 0.1])[3:6] == [False, True, False]
    # never the issue's title, nor past the next heading
    top = "Presented by Acme\n\n# The Morning Brief\n\nGood morning.\n\n## Markets\n\nStocks fell 3%."
    assert kept(top, [0.99, 0.5, 0.6, 0.5, 0.5]) == [False, True, True, True, True]
    nested = md.replace("Finance teams", "### Sub\n\nFinance teams")
    assert kept(nested, [0.0, 0.0, 0.99, 0.79, 0.76, 0.76, 0.8, 0.57, 0.1])[3:7] == [False, True, True, False]
    # a bare "Advertisement" caption (under its picture) names no section
    caption = "![Ad: Lectures](https://x.y/a.png)\n\nAdvertisement\n\n### Pentimenti\n\nAn essay on painting."
    assert kept(caption, [0.99, 0.99, 0.67, 0.2]) == [False, False, True, True]


def test_section_that_discloses_itself_as_paid_is_dropped() -> None:
    md = ("**Recommended**\n\nI switched tools and love it.\n\n- It is fast\n\n"
          "*Disclosure: I'm an investor and affiliate for Acme.*\n\n**Next story**\n\nNews.")
    assert kept(md, [0.1] * 6) == [False, False, False, False, True, True]


@pytest.mark.parametrize(("line", "paid"), [
    # session 17, set-p: a paid-program label with its newsroom's disclaimer closes the item it marks
    ("*Paid Program: This content was created by Harborview Wealth. MarketWatch’s news staff was not involved in its "
     "creation.*", True),
    ("*The Wall Street Journal news organization was not involved in the creation of this content.*", True),
    ("Barron's news staff was not involved in creating this content.", True),
    ("Barron's and MarketWatch news staffs were not involved in its creation.", True),
    ("Dow Jones & Co. news and editorial staff was not involved in its creation.", True),
    # news about a newsroom: the disclaimer is not the whole line, or it speaks of other articles
    ("CNET's editorial staff was not involved in the AI-written stories, the union said.", False),
    ("The newsroom staff were not involved in its creation, the company said of the chatbot that wrote the "
     "obituaries.", False),
    ("This content was created by volunteers, the wiki's founder said, and no one was paid.", False),
    ("*This article was produced by ProPublica, a nonprofit newsroom, and is republished with permission.*", False),
    # the review's news lines: a reporting verb, a republished partner's credit
    ("Gannett said its news staff was not involved in its creation.", False),
    ("A spokesperson said the company's newsroom staff was not involved in its creation.", False),
    ("Sports Illustrated said its editorial team was not involved in its creation.", False),
    ("Partner content: This article was produced by The Texas Tribune, a nonprofit newsroom.", False),
])
def test_a_paid_programs_disclaimer_drops_its_item(line: str, paid: bool) -> None:
    decided = decide(f"## Story\n\n{PROSE}\n\n{line}\n\n## Next\n\n{PROSE}", [0.1] * 5)
    assert [keep for keep, _ in decided] == ([False, False, False, True, True] if paid else [True] * 5), decided


def test_quiz_sections_and_questions_but_never_the_issue_title() -> None:
    md = ("# Weekly Wisdom Quiz\n\nDear reader, today's essay.\n\nAre you ready for the quiz?\n\n"
          "**1. Who won?**  \nA. Rome  \nB. Athens  \nC. Sparta\n\n### Answers\n\n1. **A) Rome**\n\n### Essay\n\nText.")
    assert kept(md, [0.0] * 8) == [True, True, False, False, False, False, True, True]


@pytest.mark.parametrize(("title", "game"), [
    ("### Who said it?", True), ("**Spelling Bee**", True), ("## Guess the chart", True),
    ("## Can you guess this city?", True), ("**Test your knowledge**", True), ("## Word scramble", True),
    ("## Guessing games in the Fed's forecasts", False), ("## Who said it was over? Markets rally", False),
    ("## The guesswork of climate models", False), ("## Test your code with Acme", False),
    ("## Texas teen wins the National Spelling Bee", False), ("## Guess who's paying for the stadium", False),
    ("**Guess what? Rents fell again**", False), ("## Guess where the jobs went", False),
    ("## Test your memory: how brains age", False),
    # session 11, set-f: a puzzler, and "Name that …" games named by the whole title
    ("**THE POLYGON PUZZLER**", True), ("## **NAME THAT CAR**", True), ("## Name that tune", True),
    ("## Name that tune: the song-ID app raises $40M", False), ("## The puzzling rise of rents", False),
    ("## Name the enemy", False),
])
def test_word_game_titles_open_a_games_section(title: str, game: bool) -> None:
    """LABELLING.md games: word games too, under titles that name them."""
    md = f"# Issue\n\nNews.\n\n{title}\n\nSome text under it.\n\n## Next story\n\nNews."
    assert kept(md, [0.0] * 6) == [True, True, not game, not game, True, True]


# -- rules for furniture, pitches and polls (each with a near miss the rule must leave alone) --
@pytest.mark.parametrize(("text", "keep"), [
    # like / vote / comment counters
    ("[![](https://a.b/upvote.png)467](https://n.y/i?id=1)[![](https://a.b/comment.png)250](https://n.y/i?id=1)"
     "[![](https://a.b/link.png)techtrenches.dev](https://t.dev/p)", False),
    ("[![](https://a.b/logo.png)Hacker News](https://n.y) [![](https://a.b/x.png)3](https://n.y/2)", True),
    # an embedded player's links (title, duration) and a story's own link
    ("[1:10:24](https://substack.com/app-link/post?id=1&play_audio=true&r=1)", False),
    ("[Snapchat CEO: Why distributio…](https://s.com/app-link/post?id=1&utm_campaign=email-play-on-substack)", False),
    ("[Snapchat CEO on distribution](https://substack.com/app-link/post?id=1&utm_source=post-email-title)", True),
    # a link that is a call to subscribe, inside a line; a story link that mentions signing up
    ("The city asked residents to [sign the petition](https://x.y/p) before Friday.", True),
    # a short line urging the reader to buy a seat now
    ("Space Fills Up Fast - Reserve Today", False),
    ("Class starts **May 5th**. So don’t miss out: enroll now!", False),
    ("Hospitals in the region say they cannot book patients today.", True),
    ("[Beehiiv Our favorite newsletter tool. Get 20% off today.](https://go.mb.com/i-V)", False),
    ("▶️ [Watch my latest YouTube video](https://k.c/yt)", False),
    ("Shares of the retailer fell 20% on Tuesday.", True),
    # avatars, and a news photo of a person
    ("[![Photo of Jay Clouse](https://cdn.j.com/email/PROFILE-jayclouse-round-350px.png)](https://k.c/1)", False),
    ("![Photo of the senator at the hearing](https://img.news.x/2026/senator.jpg)", True),
    # a picture labelled as an ad in its alt text, and pictures whose alt text only starts like one
    ("[![Ad: The Fosse Lecture: Marilynne Robinson](https://i1.cm.com/a/300x250.jpg)](https://e.nyb.com/t/b/)", False),
    ("![Sponsored: Acme's new cloud](https://cdn.x/acme.png)", False),
    ("[![Adam Hanieh](https://i1.cm.com/a/hanieh.jpg)](https://e.nyb.com/t/c/)", True),
    ("![Ad hoc shelters after the storm](https://img.news.x/shelters.jpg)", True),
    ("[![Ad: Acme](https://cdn.x/acme.png) Our review of the Acme lecture](https://news.x/review)", True),
    # a picture linking to the author's profile page is the avatar; a picture linking to the story is the story's
    ("[![](https://substackcdn.com/image/fetch/w_400/abc_400x400.jpeg)](https://substack.com/@writer)", False),
    ("[![](https://cdn.news.x/jo.jpg)](https://news.x/author/jo-writer/)", False),
    ("[![](https://cdn.news.x/flood.jpg)](https://news.x/2026/05/floods-in-valencia)", True),
    ("[![](https://cdn.news.x/jo.jpg)](https://news.x/@jo/the-story-itself)", True),
    # asks for sponsors, followers or members
    ("*For sponsorship opportunities, reach out to sponsorships@every.to.*", False),
    ("*That’s all for this week! Be sure to follow Every on X at [@every](https://every.to/x).*", False),
    ("**Didn’t Catch the Podcast?** Become a Member to unlock ALL our resources.", False),
    ("The senator urged followers to leave the platform, citing harassment on X.", True),
    # follow-us social links, and a guest's links that are kept
    ("[Say hi 👋 on Instagram](https://k.c/1), [X](https://k.c/2), or [LinkedIn](https://k.c/3)", False),
    ("• X: [https://x.com/evanspiegel](https://substack.com/redirect/5)", True),
    # "X is a newsletter" and "reply to this email" are left to the model: in a short news item or a
    # table of contents they are part of the news (a rule for them dropped both; session 7 review)
    ("This is a special edition of the newsletter: President Biden has withdrawn from the race.", True),
    ("The IRS extended the deadline for three storm-hit counties. Questions? Reply to this email.", True),
    # a store's calls to buy (LABELLING.md's store rule: "shop now" banners, "% off", "free shipping")
    ("[SHOP NOW](https://shop.example/l/1)", False),
    ("Free shipping all weekend!", False),
    ("[![Free Shipping](https://cdn.shop.example/free-shipping.gif)](https://shop.example/l/2)", False),
    ("**GET 15% OFF** w/ code:", False),
    ("[Add to cart](https://shop.example/cart)", False),
    ("Buy now, pay later loans surge", True),  # news about "buy now, pay later": the call does not end the line
    ("## Free shipping is over", True),  # a title, not a banner
    ("**[Free shipping ends at Acme](https://news.example/a)**", True),  # a headline
    ("Shop now for the season's most talked-about new novels and memoirs", True),  # more than a call
    # the referral programme (LABELLING.md self_promo "Refer a friend"): its words or a link to the referral
    # page, not the word alone
    ("Love TLDR? Tell your friends and get rewards!", False),
    ("Share your referral link below with friends to get free swag!", False),
    ("https://refer.tldr.example/d7fd7e7a/2", False),
    ("You currently have **0** referrals, only **1** away from receiving a free guide.", False),
    ("Or copy and paste this link to others: <https://www.road.example/subscribe?ref=CW4oQ4W5rd>", False),
    ("Referrals to mental health services rose 20% in 2025, the health service said.", True),
    ("[Acme ships its new chip](https://news.example/acme-chip?ref=morning-brief)", True),
    # weather widgets, and a picture of the weather that is news
    ("For more out of Washington, [sign up for Semafor DC](https://s.com/s/1). →", False),
    ("![sunny](https://static.s.com/images/sunny-grey.png) Bamako", False),
    ("![Flooded streets in Valencia after the storm](https://img.s.com/flood.jpg)", True),
])
def test_furniture_and_pitch_line_rules(text: str, keep: bool) -> None:
    assert kept(f"News before.\n\n{text}\n\nNews after.", [0.0, 0.1, 0.0]) == [True, keep, True]


@pytest.mark.parametrize("text", ["*[Join](https://l.b.com/c/1) to read every analysis we publish.*"])
def test_a_line_around_a_bare_link_to_sign_up_goes_where_the_model_suspects_it(text: str) -> None:
    """Since session 18 only at p >= 0.7 of the threshold: a community listing that ends "[Sign up]" is news; a link
    that names the list to join ("sign up for Semafor DC") needs no floor."""
    assert kept(f"News before.\n\n{text}\n\nNews after.", [0.0, 0.7, 0.0]) == [True, False, True]
    assert kept(f"News before.\n\n{text}\n\nNews after.", [0.0, 0.1, 0.0]) == [True, True, True]
    listing = ("SOLVE's river cleanup is Saturday morning at Oaks Bottom; last year 300 volunteers pulled two tons of "
               "trash from the slough. [Sign up](https://e.com/s)")
    assert kept(f"News before.\n\n{listing}\n\nNews after.", [0.0, 0.1, 0.0]) == [True, True, True]


def test_pitch_and_poll_titles_drop_their_section() -> None:
    md = ("## Story\n\nNews text.\n\n**🧞 For a Limited Time: 20% off CreatorHQ**\n\n"
          "CreatorHQ is a complete operating system for creators.\n\n**Next story**\n\nMore news.")
    assert kept(md, [0.0] * 6) == [True, True, False, False, True, True]
    poll = ("## Story\n\nNews text.\n\n#### What did you think of this post?\n\n[Amazing](https://e.to/c/1)\n\n"
            "## Next\n\nNews.")
    assert kept(poll, [0.0] * 6) == [True, True, False, False, True, True]
    # the same poll in other words ("What'd you think", "How did we do?"); a headline asking what you
    # think of something else is a story
    for title in ("What’d you think of today’s edition?", "What do you think of this newsletter?", "How did we do?"):
        asked = f"## Story\n\nNews text.\n\n### {title}\n\n[Great](https://e.to/c/1)\n\n## Next\n\nNews."
        assert kept(asked, [0.0] * 6) == [True, True, False, False, True, True], title
    story = "## Story\n\nNews text.\n\n### What did you think of the debate?\n\nReaders wrote in.\n\n## Next\n\nNews."
    assert kept(story, [0.0] * 6) == [True] * 6
    sponsor_us = "## Story\n\nNews.\n\n## **SPONSOR US**\n\nGet your product in front of 1,000,000 readers."
    assert kept(sponsor_us, [0.0] * 4) == [True, True, False, False]
    # a headline that reports a sale is a story
    sale = "## [Retailers cut prices 20% off list as demand slows](https://news.x/1)\n\nThe report says..."
    assert kept(sale, [0.0, 0.0]) == [True, True]


@pytest.mark.parametrize(("line", "answer"), [
    ("**QUIZ ANSWER:** C) Tomasz Wrobel, with 73 saves in a quadruple-overtime game.", True),
    ("Trivia answer: Super Bowl I, in 1967, aired on both CBS and NBC.", True),
    ("__Teaser answer:__ They end the same.", True), ("Puzzle answers", True),
    ("(Answer at the bottom.)", True), ("_Answer at the bottom of the email._", True), ("Answer tomorrow.", True),
    ("**Yesterday’s Connections answer:** Things with “bullpen”: dugout, mound.", True),
    ("TODAY'S MINI ANSWERS:", True),
    # an interview's or an advice column's answers, and headlines, are not a game's
    ("**Answer:** Yes, you can deduct the home office.", False), ("Answer: Real estate.", False),
    ("Answers to your questions about the new tax law", False),
    ("Today's question and answer: what the bill does", False),
    ("This week's big answer from the Fed: no cut", False),
    ("Trivia answers are in the app now, says the company that owns the game", False),
    ("Answer the call: the food bank needs volunteers this weekend.", False),
    # session 10 review: more game answers, and headlines, columns and mailbags that look like them
    ("Today’s quiz answer: B) Canberra.", True), ("Answers to last week's quiz: 1. B, 2. C", True),
    ("Solution to yesterday’s crossword: ACROSS 1. Plan", True), ("(Answer at the end of this email.)", True),
    ("This week’s Climate Solutions: Maine's heat-pump rebate doubled.", False),
    ("Last week's Reader Answers: many of you wrote about parking.", False),
    ("Today's Dear Annie answer: talk to your sister first.", False),
    ("[Crossword answers: why the NYT puzzle is fighting cheat sites](https://example.com/a)", False),
    ("Wordle answers: The New York Times sent takedown notices to cheat sites.", False),
    ("The puzzle's solution: economists say rates must fall.", False),
    ("Answers below the surface: NASA's rover finds ice.", False),
    ("Answers next week: our health reporter will take your questions.", False),
    ("Answer below: do you support the four-day school week? The board votes Thursday.", False),
    # session 11, set-f: a puzzler's answers listed, a guessing game's answer, where the answers are; a link to play
    ("**Puzzler answers:** 1. *Celeste* 2. *Hollow Knight*", True), ("Guess the price answer: B) $3.1 million.", True),
    ("Answers are at the bottom of this email. No peeking.", True),
    ("[Play this week's Polygon crossword →](https://example.com/c)", True),
    ("[Solve today's crossword](https://example.com/m)", True),
    ("[Play the teaser →](https://example.com/t)", False),
    ("[Take a closer look at the Mac mini →](https://e.com/m)", False),
    ("Puzzle answers: why the Fed keeps rates on hold", False),
    ("[Play the trailer](https://example.com/t)", False), ("[Take the survey](https://example.com/s)", False),
    ("[Try the new crossword app from a startup that raised $4M, and read our review](https://example.com/r)", False),
])
def test_a_quiz_answer_line_is_games(line: str, answer: bool) -> None:
    """LABELLING.md games, "Answer:": a quiz's answer named as a game's, or the line saying where it is (session 10)."""
    md = f"## Story\n\nNews text about the council vote.\n\n{line}\n\nMore news about the budget."
    decided = decide(md, [0.1] * 4)
    assert decided[2][0] is not answer, decided[2]
    assert [k for k, _ in decided[:2]] + [decided[3][0]] == [True, True, True]
    if answer:
        assert decided[2][1].endswith("(games)")


@pytest.mark.parametrize("md", [
    "**Pop quiz:** Which currency just had its best week since 2009? [Test yourself](https://example.com/q)",
    "Trivia: Which state grows the most pumpkins?",
])
def test_a_block_opening_with_a_quiz_label_is_games(md: str) -> None:
    """"Pop quiz: …", "Trivia: …" open the game itself (session 10, set-e); "Puzzle: …" opens headlines too."""
    decided = decide(f"## Story\n\nNews text.\n\n{md}\n\nMore news.", [0.1] * 4)
    assert [k for k, _ in decided] == [True, True, False, True]
    assert decided[2][1].endswith("(games)")
    assert kept("## Story\n\nNews text.\n\nPuzzle: why rates will not fall this year.\n\nMore news.", [0.1] * 4) \
        == [True] * 4


def test_a_long_quiz_title_and_a_brand_game_open_games_sections_that_end_at_the_credit() -> None:
    """A quiz title with its question ("Quiz: How well do you know your pasta shapes?") and a named game ("Spot the
    Bug", "Spot the Bug: Solution", "Test your eye") open games sections; the issue's credit said of it ("Bytes is
    written by …") ends such a section (session 10, set-e)."""
    md = ("# Story\n\nNews text.\n\n**Quiz: How well do you know your pasta shapes?**\n\nWe show you 10 photos.\n\n"
          "# Spot the Bug: Solution\n\nThe callback never returns.\n\n"
          "Bytes is written by Ben Okoro and Dana Whitlock, with help from the team.\n\n# Next story\n\nNews.")
    assert kept(md, [0.1] * 9) == [True, True, False, False, False, False, True, True, True]
    assert kept("# Story\n\nNews.\n\n**Test your eye**\n\nWhich wave is Japanese?", [0.1] * 4) \
        == [True, True, False, False]


def test_quiz_score_scale_with_its_title_and_follow_up_is_games() -> None:
    md = ("Answers: 1. B\n\n### **🏛️ The Wisdom Scale:**\n\n"
          "🧠 **0-2 correct: Novice** – Keep reading!  \n📜 **3-4 correct: Aspiring Sophos** – More!\n\n"
          "So, how did it go? Let us know in the comments below!\n\nAll the best,")
    assert kept(md, [0.0] * 5) == [True, False, False, False, True]
    # one score in a story is not a scale
    assert kept("Story.\n\nThe team got 3-4 correct answers in the final round.", [0.0, 0.0]) == [True, True]


def test_keep_reading_list_is_kept_up_to_the_footer() -> None:
    md = ("### Keep reading\n\n#### [Behind the Blog](https://site.co/r/1)\n\n"
          "[This week, we discuss Tim Cook.](https://site.co/r/2)\n\n"
          "[![](https://cdn.site.co/w200h200/a.png)](https://site.co/r/3)\n\n"
          "5101 Santa Monica Blvd Ste 8 Los Angeles, CA 90029\n\n[![Powered by Ghost](https://g.org/p.png)](https://g.org)")
    assert kept(md, [0.1, 0.1, 0.99, 0.99, 0.99, 0.99]) == [True, True, True, True, False, False]


def test_heading_goes_with_a_section_dropped_whole_and_a_mostly_dropped_section_goes_whole() -> None:
    md = "# Issue\n\nNews.\n\n# Work With Us\n\nJoin the teams. Job openings here.\n\nSubscribe [here](https://x.y/s)."
    assert kept(md, [0.0, 0.0, 0.3, 0.95, 0.95]) == [True, True, False, False, False]
    promo = ("# Issue\n\nNews.\n\n### Get More Out Of Your Subscription\n\nTry our AI tools\n\n"
             "![Check](https://e.to/c.png) Reviews\n\n![Check](https://e.to/c.png) Playbooks\n\n"
             "![Check](https://e.to/c.png) Prompts")
    assert kept(promo, [0.0, 0.0, 0.95, 0.3, 0.95, 0.95, 0.95]) == [True, True, False, False, False, False, False]
    # a heading the model keeps is not pulled down by its section
    assert kept(promo, [0.0, 0.0, 0.3, 0.3, 0.95, 0.95, 0.95])[2:4] == [True, True]


@pytest.mark.parametrize("text", [
    "Ukraine hopes to become a member of the EU within the decade, the minister said.",
    "Users can follow Musk on X, where he posts dozens of times a day.",
    "![Snow in Kyiv](https://img.news.x/snow.jpg)",
    "![Rain](https://img.news.x/rain.jpg) falls on the marathon.",
])
def test_near_misses_of_the_ask_and_weather_rules_are_kept(text: str) -> None:
    assert kept(f"News before.\n\n{text}\n\nNews after.", [0.0, 0.1, 0.0]) == [True, True, True]


@pytest.mark.parametrize("banner", ["Presented By Pfizer", "**ADVERTISEMENT**", "A message from Acme"])
def test_a_banner_opens_no_section(banner: str) -> None:
    # a banner at the top of an issue without headings must not take the issue with it
    md = f"{banner}\n\n" + "\n\n".join(f"Story {k} about the city council and its budget." for k in range(6))
    assert kept(md, [0.3] + [0.05] * 6) == [False] + [True] * 6
    # an advertisement caption takes the display ad under it, not the next story
    md = f"{banner}\n\n[![Ad](https://ads.example.com/slot.png)](https://ads.example.com/c)\n\nA story about rain."
    assert kept(md, [0.3, 0.6, 0.05]) == [False, False, True]


def test_rules_can_be_switched_off() -> None:
    md = "## Acme (Sponsored)\n\nAcme does things.\n\n## News\n\nReal news."
    assert kept(md, [0.1] * 4) == [False, False, True, True]
    blocks = parse_blocks(md)
    verdicts = revise(blocks, [block_stats(b) for b in blocks], np.array([0.1] * 4), THRESHOLD, frozenset())
    assert [k for k, _ in verdicts] == [True] * 4


STORY_BODY = "The council voted on Tuesday to fund the new library, after a year of debate about its cost, " \
             "its site by the river and the hours it will keep for students and for workers."


def test_a_kept_story_keeps_its_headline_and_picture() -> None:
    md = f"## [Library approved](https://n.example/lib)\n\n![Council members vote](https://n.example/vote.jpg)\n\n{STORY_BODY}"
    verdicts = decide(md, [0.97, 0.97, 0.1])
    assert [k for k, _ in verdicts] == [True, True, True]
    assert verdicts[1][1].startswith("part of a kept story (blocks 0-2)")


@pytest.mark.parametrize("part", [
    "[like](https://n.example/l) [comment](https://n.example/c) [share](https://n.example/s)",
    "![](https://n.example/icons/share-icon.png)",
    "Subscribe to get the next issue.",
])
def test_furniture_inside_a_story_is_not_rescued(part: str) -> None:
    md = f"## [Library approved](https://n.example/lib)\n\n{part}\n\n{STORY_BODY}"
    assert kept(md, [0.1, 0.97, 0.1]) == [True, False, True]


def test_no_rescue_without_a_kept_body_or_under_a_sponsor() -> None:
    md = f"## [Library approved](https://n.example/lib)\n\n![Vote](https://n.example/vote.jpg)\n\n{STORY_BODY}"
    assert kept(md, [0.97, 0.97, 0.97]) == [False, False, False]
    sponsored = md.replace("Library approved", "Library approved (Sponsored)")
    assert kept(sponsored, [0.1, 0.1, 0.1]) == [False, False, False]


def test_a_trailing_sponsor_tag_drops_the_item_it_closes() -> None:
    md = ("[A story about Go generics](https://n.example/a)\n\nWhy generics took ten years.\n\n"
          "[![](https://cdn.example/mux.png)](https://n.example/ad)\n\n[Build Video for Go](https://n.example/ad)\n\n"
          "Video APIs that just work, with SDKs for every language.\n\nMux sponsor\n\n"
          "[Another story](https://n.example/b)\n\nMore news.")
    assert kept(md, [0.1] * 8) == [True, True, False, False, False, False, True, True]


@pytest.mark.parametrize("line", ["Become a sponsor", "Our sponsor", "Thanks to our partner", "the sponsor"])
def test_asks_and_thanks_are_not_item_tags(line: str) -> None:
    md = f"[A story](https://n.example/a)\n\nWhy it matters.\n\n{line}"
    assert kept(md, [0.1] * 3)[:2] == [True, True]


def test_remembered_shapes_answer_only_for_their_stats() -> None:
    """A block's shape is remembered with the stats object it was computed from, and only for it."""
    from newsclean.features.blockfeats import _stats
    from newsclean.model import revise as rv

    block = parse_blocks("[Subscribe now](https://x.test/subscribe)\n")[0]
    other = parse_blocks("A story about the weather, told at some length in plain words.\n")[0]
    s = _stats(block.text, block.kind)
    rv.clear_caches()
    assert rv._furniture_or_pitch(block, s) == rv._shape(block, s) is not None
    assert rv._furniture_or_pitch(block, s) == rv._shape(block, s)  # remembered
    t = _stats(other.text, other.kind)  # another block's stats under this block's text: computed anew
    assert rv._furniture_or_pitch(block, t) == rv._shape(block, t) != rv._shape(block, s)
    assert rv._SHAPES[block.text][0] is t


@pytest.mark.parametrize("slot", [
    "[![](https://servedbyadbutler.com/adserve/;ID=181;size=600x250)](https://servedbyadbutler.com/go2/;ID=181)",
    "[![](https://i.liadm.com/s/e/a/12345?s=abc&li=3)](https://lr.liadm.com/click?s=abc)",
    "[![](https://engine.adzerk.net/i.gif?e=xyz)](https://engine.adzerk.net/r?e=xyz)",
    "[![](https://cdn.taboola.com/libtrc/static/thumbnails/a.jpg)](https://trc.taboola.com/click?x)",
    # a publisher's own ad server, named by its host (session 10, set-e)
    "[![](https://ads.techcrunch.com/serve/82a507d10b2f/600x200.png)](https://ads.techcrunch.com/click/1e1e46a3)",
])
def test_an_image_slot_from_any_ad_server_is_an_ad_between_stories(slot: str) -> None:
    """Ad servers the corpus never showed are named by host: their slot goes, the stories around stay."""
    md = f"## Story one\n\nNews text.\n\n{slot}\n\n## Story two\n\nMore news."
    decided = decide(md, [0.1, 0.1, 0.3, 0.1, 0.1])
    assert [k for k, _ in decided] == [True, True, False, True, True]
    assert decided[2][1].startswith("ad-server image")


@pytest.mark.parametrize(("label", "marker"), [
    ("CONTENT FROM: Acme Bank", True), ("Sponsored content", True), ("Content from our partners", True),
    ("Content from TikTok creators drew more viewers than cable news this year.", False),
    # session 10: "A word from our sponsor" is a banner. Partner labels are not: newsrooms credit partner
    # newsrooms so ("From our partner: CalMatters", "CONTENT FROM THE ARCHIVES"; session 10 review)
    ("A word from our sponsors", True), ("A word from our sponsor", True),
    ("From our partner: CalMatters", False), ("CONTENT FROM THE ARCHIVES", False),
    ("From our partners at CalMatters, a look at the state budget.", False),
    ("Official kit partner: Puma replaces Nike at Arsenal from 2026", False),
])
def test_native_ad_labels_are_banners(label: str, marker: bool) -> None:
    """A native ad's label ("CONTENT FROM: X") names the sponsor like "Presented by X"; a sentence that
    opens with the same words is none."""
    assert block_stats(parse_blocks(label)[0]).marker is marker


def test_a_partner_titled_section_of_partner_newsrooms_is_news() -> None:
    """"## From our partners" over partner newsrooms' stories is news whatever the label's words (session 10
    review: the first version of a partner banner dropped such sections whole)."""
    md = ("## Top story\n\nNews text about the budget.\n\n## From our partner: CalMatters\n\n"
          "**[State cuts wildfire fund by $200 million](https://calmatters.org/a)**\n\n"
          "Lawmakers trimmed the fund after a dry year.\n\n[calmatters.org](https://calmatters.org/a)")
    assert kept(md, [0.1] * 6) == [True] * 6


def test_a_discount_code_goes_with_the_line_that_announces_it() -> None:
    md = "A featured book.\n\n**GET 15% OFF** w/ code:\n\nLOVEBOOKSELLERS\n\nNext featured book."
    assert kept(md, [0.1] * 4) == [True, False, False, True]
    assert decide(md, [0.1] * 4)[2][1].startswith("discount code")
    # the same word under any other line is what the model says it is
    assert kept("A featured book.\n\nLOVEBOOKSELLERS\n\nNext featured book.", [0.1] * 3) == [True, True, True]


ASK_TEXTS = [
    "For sponsorship opportunities, write us", "FOR ADVERTISING ENQUIRIES", "for partnership inquiries!",
    "Be sure to follow Acme on X", "Don’t forget to follow bob on LinkedIn", "PLEASE FOLLOW X ON TIKTOK",
    "Follow us on Bluesky", "ſollow us on x", "Thanks. Become a paying member", "become a supporter",
    "BECOME A MEMBER", "Kelvin \u212a: follow us on x", "for sponsorship", "nothing to see", "",
]


def test_ask_gate_skips_only_texts_without_a_match(corpus_dir) -> None:
    """Where the literals of ASK_RE are missing, it finds nothing."""
    from newsclean.features.markup import _alternatives, may_hold
    from newsclean.model import revise as rv

    for alternative in _alternatives(rv.ASK_RE.pattern):  # each alternative spells one of them out
        assert any(lit.strip() in alternative for lit in rv._ASK_LITERALS), alternative
    texts = ASK_TEXTS + [block_stats(b).markup.visible for p in sorted(corpus_dir.glob("*/input.md"))[:20]
                         for b in parse_blocks(p.read_text(encoding="utf-8"))]
    for text in texts:
        assert may_hold(text, rv._ASK_LITERALS) or rv.ASK_RE.search(text) is None, text
    assert sum(rv.ASK_RE.search(text) is not None for text in ASK_TEXTS) >= 11


def test_social_icons_one_to_a_block_are_the_footer_when_two_or_more_are_adjacent() -> None:
    # a converter put each cell of the follow-us row in its own block; the links go through a tracker
    icons = "\n\n".join(f"[![{name}](https://cdn.shop.example/i/{k}.png)](https://trk.shop.example/l/{k})"
                        for k, name in enumerate(("Bsky", "Threads", "Instagram")))
    md = f"Story text.\n\n{icons}\n\n![TikTok logo](https://cdn.shop.example/i/t.png)\n\nUnsubscribe"
    verdicts = decide(md, [0.0, 0.1, 0.2, 0.3, 0.1, 0.95])
    assert [k for k, _ in verdicts] == [True, False, False, False, False, False]
    assert verdicts[1][1].startswith("follow-us icons to social networks")
    # near misses: a lone network logo in a story, a logo with a caption, a link named after a network
    lone = "Story.\n\n![Threads](https://cdn.news.example/threads.png)\n\nMeta's app passed 300M users."
    assert kept(lone, [0.0, 0.1, 0.0]) == [True, True, True]
    captioned = ("![Threads](https://cdn.news.example/a.png) The new app, in March\n\n"
                 "![Bluesky](https://cdn.news.example/b.png) Its rival, a year on")
    assert kept(captioned, [0.1, 0.1]) == [True, True]
    links = "- [Twitter](https://twitter.com/guest)\n\n- [LinkedIn](https://linkedin.com/in/guest)"
    assert kept(links, [0.1, 0.1]) == [True, True]
    # a block kept by a rule stays kept
    credit = "Written by Jo Doe\n\n![X](https://cdn.news.example/x.png)\n\n![LinkedIn](https://cdn.news.example/l.png)"
    assert kept(credit, [0.95, 0.1, 0.1]) == [True, False, False]


PROSE = ("The city council voted on Tuesday to expand the bus network to the northern suburbs, adding "
         "four routes and forty stops by next spring, after two years of hearings and a long fight over its cost.")


def test_banner_with_an_ad_server_picture_drops_the_display_ad_up_to_its_call_to_act() -> None:
    ad = ("A message from Acme\n\nAn accord for healthier offices\n\n"
          "![](https://tpc.googlesyndication.com/pageadimg/imgad?id=1)\n\n"
          "People everywhere deserve better offices.\n\n"
          "We believe [better offices are possible.](https://link.news.example/click/1)\n\n"
          "Job board\n\nSee what's new on our job board.")
    verdicts = decide(f"## Story\n\n{PROSE}\n\n{ad}", [0.0] * 9)
    assert [k for k, _ in verdicts] == [True, True, False, False, False, False, False, True, True]
    assert verdicts[3][1].startswith("in the display ad under the sponsor banner of block 2")
    # the copy stops before a title
    titled = (f"## Story\n\n{PROSE}\n\nA message from Acme\n\n![](https://ad.doubleclick.net/img/1)\n\n"
              "## Next story\n\nNews.")
    assert kept(titled, [0.0] * 6) == [True, True, False, False, True, True]


def test_banner_with_a_picture_takes_no_story() -> None:
    # session 7 review: a story picture whose file name says "advertising" is not an ad server's
    story = ("## Marketing Brew\n\nBy Jane Doe\n\nPresented by Acme\n\n"
             "![](https://www.marketingbrew.com/uploads/2024/05/advertising-upfronts.jpg)\n\n"
             "TV networks pitched advertisers at this week's upfronts, promising AI-targeted ads.\n\n"
             "[Read more](https://www.marketingbrew.com/stories/upfronts)")
    assert kept(story, [0.0, 0.0, 0.0, 0.1, 0.1, 0.1]) == [True, True, False, True, True, True]
    # an ad with no copy of its own: the news after it does not end in a call to act, and stays
    news = (f"## Today\n\n{PROSE}\n\nA message from Pfizer:\n\n"
            "[![](https://ad.doubleclick.net/ddm/ad/N123/img.jpg)](https://ad.doubleclick.net/ddm/clk/123)\n\n"
            "**Senate** — Lawmakers reached a bipartisan deal on the budget.\n\n"
            "**House** — The speaker said the vote would come Friday.\n\n"
            "Driving the day: the deal, according to [two aides](https://news.example/a), still needs votes.")
    assert kept(news, [0.0] * 7) == [True, True, False, False, True, True, True]
    # a banner at the top of the issue (before its first title) names the issue's sponsor: no display ad
    top = ("Presented by Acme\n\n![](https://tpc.googlesyndication.com/p?id=1)\n\nGood morning, readers.\n\n"
           "[See how Acme helps](https://acme.example/r)\n\n## First story\n\nNews.")
    assert kept(top, [0.0] * 6)[2:] == [True, True, True, True]
    # near misses: the picture too far from the banner or behind a title, and a bare caption
    far = (f"## Story\n\n{PROSE}\n\nA message from Acme\n\nLine one.\n\nLine two.\n\n"
           "![](https://tpc.googlesyndication.com/p?id=1)\n\nStory text.")
    assert kept(far, [0.0] * 7) == [True, True, False, True, True, False, True]
    behind = (f"## Story\n\n{PROSE}\n\nA message from Acme\n\nLine one.\n\n## A story\n\n"
              "![](https://tpc.googlesyndication.com/p?id=1)\n\nStory text.")
    assert kept(behind, [0.0] * 7) == [True, True, False, True, True, False, True]
    # (a banner right over a title is an ad card: the banner names that title's sponsor, session 8)
    card = behind.replace("Line one.\n\n", "")
    assert kept(card, [0.0] * 6) == [True, True, False, False, False, False]
    caption = (f"## Story\n\n{PROSE}\n\nAdvertisement\n\n![](https://tpc.googlesyndication.com/p?id=1)\n\n"
               "The next story's text.")
    assert kept(caption, [0.0] * 5) == [True, True, False, False, True]


@pytest.mark.parametrize("signoff", ["Cheers, — Shane", "Best, Brook", "All the best,", "Warmly,\nAnne"])
def test_a_plain_sign_off_is_kept_whatever_the_model_says(signoff: str) -> None:
    verdicts = decide(f"Story text.\n\n{signoff}\n\nUnsubscribe", [0.0, 0.97, 0.99])
    assert [k for k, _ in verdicts] == [True, True, False]
    assert "kept" in verdicts[1][1]


@pytest.mark.parametrize("line", ["Love TLDR? Tell your friends and get rewards!", "Best Buy shares fell 5% on Monday",
                                  "Cheers to the new year: subscribe for 20% off"])
def test_a_line_that_only_opens_like_a_sign_off_is_left_to_the_model(line: str) -> None:
    assert kept(f"Story text.\n\n{line}", [0.0, 0.97]) == [True, False]


def test_an_episode_described_by_its_subject_is_kept_with_its_picture_and_listen_link() -> None:
    md = ("Story text.\n\n[![Jo Roe on Breton](https://cdn.news.example/ep.jpg)](https://news.example/ep)\n\n"
          "Jo Roe joins host Al Poe to discuss André Breton, translation, and surrealism.\n\n"
          "[Listen Now](https://news.example/t/1)\n\nUnsubscribe")
    verdicts = decide(md, [0.0, 0.99, 0.99, 0.99, 0.99])
    assert [k for k, _ in verdicts] == [True, True, True, True, False]
    assert "episode" in verdicts[2][1] and "kept" in verdicts[2][1]
    # near misses: a box that only asks you to listen, and an episode inside a sponsored section
    box = "Story text.\n\n![](https://cdn.news.example/pod.png)\n\nListen to the latest episode now.\n\n[Listen](https://x.y/1)"
    assert kept(box, [0.0, 0.99, 0.99, 0.99]) == [True, False, False, False]
    sponsored = ("## Hear from Acme (Sponsored)\n\nOn this week's episode, Acme's CEO explains how the product "
                 "saves you time.\n\n## Next story\n\nNews.")
    assert kept(sponsored, [0.0, 0.0, 0.0, 0.0]) == [False, False, True, True]


@pytest.mark.parametrize("label", ["**On the Acme Podcast:**", "**Radio:**", "**Podcast:** This week on *Deep Time*,",
                                   "On our Weekly Show podcast:"])
def test_an_episode_opened_by_its_shows_label_is_kept_and_ends_a_quiz_section(label: str) -> None:
    episode = f"{label} designer Jo Roe explains why she cut 60 cards from her game three weeks before the printer."
    assert kept(f"Story text.\n\n{episode}\n\nUnsubscribe", [0.0, 0.99, 0.99]) == [True, True, False]
    # a quiz that no heading closes stops at the episode (session 14, set-m)
    quiz = (f"## Story\n\nNews.\n\n## Name That Game\n\nWhich game is this bit from? Reply with your guess.\n\n"
            f"**Last week's answer:** the brass compass token.\n\n{episode} [Listen](https://news.example/l)\n\n"
            "Forward this to your game group.")
    assert kept(quiz, [0.0] * 7) == [True, True, False, False, False, True, True]
    # near misses: a post's title that is all link, a box asking you to subscribe, a label with a call to act
    title = "[Podcast: How Algorithms Make Us Feel Bad and Weird](https://news.example/p)"
    assert kept(f"Story text.\n\n{title}", [0.0, 0.99]) == [True, False]
    box = "**Podcast:** subscribe to our show wherever you get your podcasts, and leave us a five-star review."
    assert kept(f"Story text.\n\n{box}", [0.0, 0.99]) == [True, False]
    sponsored = f"## Hear from Acme (Sponsored)\n\n{episode}\n\n## Next story\n\nNews."
    assert kept(sponsored, [0.0, 0.0, 0.0, 0.0]) == [False, False, True, True]
    # a partner's show, a box asking for ratings, a quiz's question under a show's label (review)
    for line in ("**Partner Podcast:** Acme's CTO Jo Roe explains how her team cut cloud costs by a third this year.",
                 "**Podcast:** If you enjoy the show, please rate and review it; it helps new listeners find us.",
                 "**Radio:** Which BBC station first broadcast the shipping forecast in 1924, and who read it?"):
        assert kept(f"Story text.\n\n{line}", [0.0, 0.99]) == [True, False], line
    trivia = ("## Story\n\nNews.\n\n## Friday Trivia\n\n**Radio:** Which BBC station first broadcast the shipping "
              "forecast in 1924, and who read it?\n\nReply with your answers.")
    assert kept(trivia, [0.0] * 5) == [True, True, False, False, False]


@pytest.mark.parametrize("label", ["**Paid post by Larchmere Bank**<br>", "SPONSORED CONTENT from Acme  \n",
                                   "**Partner content – Acme**<br/>", "Paid post<br>"])
def test_a_paragraph_opened_by_a_paid_content_label_on_its_own_line_is_the_ad(label: str) -> None:
    ad = f"{label}**[Renewing your mortgage this year?](https://ads.example/r)**<br>Rates have fallen twice."
    assert kept(f"## Story\n\n{PROSE}\n\n{ad}\n\n## Next\n\nNews.", [0.0, 0.0, 0.3, 0.0, 0.0]) == \
        [True, True, False, True, True]


@pytest.mark.parametrize("item", [
    "**Paid post by Nike**<br>That label, on a 2014 feature, launched the paper's branded-content studio.",  # the trade
    "**Sponsored content from Meta**<br>The FTC said on Tuesday that Meta's sponsored posts must carry a label.",
    "PARTNER CONTENT<br>**From CalMatters: Heat rules for warehouse workers stall**<br>Regulators delayed a vote.",
    "**Partner content from ProPublica**<br>**Inside the county jail**<br>*By Ana Ruiz, ProPublica*<br>A year on.",
    "Partner content with CalMatters<br>**Heat rules stall**<br>Regulators delayed it. [Read at CalMatters](https://c.m)",
    "Sponsored content from the largest consumer brands now<br>accounts for a third of digital spending.",  # no name
    "Sponsored content from the largest consumer brands now\naccounts for a third of digital spending.",  # a soft wrap
    "**Why paid posts work**<br>Brands spend more on them each year.",  # a title
])
def test_a_paid_content_label_over_a_story_is_left_to_the_model(item: str) -> None:
    assert kept(f"## Story\n\n{PROSE}\n\n{item}", [0.0, 0.0, 0.3]) == [True, True, True]


def test_a_line_naming_this_weeks_sponsor_is_furniture() -> None:
    md = f"## Story\n\n{PROSE}\n\nThis week's issue is presented by Acme Bank.\n\n## Next\n\nNews."
    assert kept(md, [0.0, 0.0, 0.3, 0.0, 0.0]) == [True, True, False, True, True]


def test_a_share_row_with_an_e_mail_button_is_furniture() -> None:
    row = ("**Share this story:**&nbsp;[Facebook](https://t.news.example/r/?id=1) | [X](https://t.news.example/r/?id=2)"
           " | [LinkedIn](https://t.news.example/r/?id=3) | [E-mail](https://t.news.example/r/?id=4)")
    assert kept(f"## Story\n\nNews.\n\n{row}", [0.0, 0.0, 0.5]) == [True, True, False]
    # near misses: one network and the e-mail button, a story's links that name no network
    one = "[Facebook](https://t.news.example/r/?id=1) | [E-mail](https://t.news.example/r/?id=4)"
    assert kept(f"## Story\n\nNews.\n\n{one}", [0.0, 0.0, 0.5]) == [True, True, True]
    story = "[Print](https://news.example/p) edition and [E-mail](https://news.example/e) alerts return"
    assert kept(f"## Story\n\nNews.\n\n{story}", [0.0, 0.0, 0.5]) == [True, True, True]
    # a writer's contact links and a byline with them are no share row (review)
    for line in ("*By Jane Doe* · [X](https://x.com/j) · [LinkedIn](https://l.example/j) · [Email](https://t.n/e)",
                 "Contact: [Twitter](https://t.n/1) | [LinkedIn](https://t.n/2) | [Email](mailto:jane@news.example)",
                 "Reporter Jane Doe is on [X](https://t.n/1), [Bluesky](https://t.n/2) or [email](https://t.n/3).",
                 "[X](https://t.n/1) and [Threads](https://t.n/2) add [print](https://t.n/3) buttons"):
        assert kept(f"## Story\n\nNews.\n\n{line}", [0.0, 0.0, 0.5]) == [True, True, True], line


def test_review_near_misses_of_the_session_7_rules() -> None:
    # two networks' logos illustrating a story, with the story after them: not the follow-us row
    logos = ("## Threads passes X in daily mobile users\n\n![Threads](https://cdn.news.example/threads-logo.png)\n\n"
             "![X](https://cdn.news.example/x-logo.png)\n\n"
             "Meta's app now has more daily users on phones than X, according to new estimates from an analytics "
             "firm that tracks downloads and usage across both stores, a first since the app launched in 2023.")
    assert kept(logos, [0.0, 0.3, 0.3, 0.0]) == [True, True, True, True]
    # a sponsor's podcast: its banner just above, or its own call to act, makes the episode an ad
    sponsored = ("## Story\n\nNews.\n\nTogether with Spotify for Podcasters\n\n"
                 "In the latest episode of Build, the founder joins host Jane Doe to discuss raising a first round."
                 "\n\n[Listen now](https://open.spotify.com/show/abc)")
    assert kept(sponsored, [0.0, 0.0, 0.95, 0.95, 0.95]) == [True, True, False, False, False]
    pitch = ("## Story\n\nNews.\n\nOn this week's show, the Acme CEO explains how they cut bills by 40%. "
             "Try Acme free for 30 days.\n\n[Listen on Spotify](https://open.spotify.com/show/abc)")
    assert kept(pitch, [0.0, 0.0, 0.95, 0.95]) == [True, True, False, False]
    # titles that open like a sign-off are titles
    for title in ("Best Black Friday Deals", "**Best Cyber Monday Deals**", "## Best Tech Deals", "SEE YOU AT SXSW"):
        assert kept(f"Story.\n\n{title}", [0.0, 0.95]) == [True, False], title
    # "How did we do" as a headline's opening is a story
    predictions = ("## Story\n\nNews.\n\n## How did we do on our 2024 predictions?\n\n"
                   "We got the election right and the rate cuts wrong.\n\n## Next\n\nNews.")
    assert kept(predictions, [0.0] * 6) == [True] * 6


# -- session 8: sign-offs, greetings, quiz sections that end, ad cards ---------------------------
@pytest.mark.parametrize("signoff", ["— Kai", "—The Editors", "See you in Long Beach!", "See you tomorrow. — Elena",
                                     "The PyCon US 2026 Team", "See you soon,"])
def test_a_signature_or_see_you_line_is_a_sign_off(signoff: str) -> None:
    verdicts = decide(f"Story text.\n\n{signoff}\n\nUnsubscribe", [0.0, 0.99, 0.99])
    assert [k for k, _ in verdicts] == [True, True, False]


@pytest.mark.parametrize("line", ["— Sponsored", "SEE YOU AT SXSW!", "See you at our booth at re:Invent",
                                  "[— Kai](https://x.y/kai)", "The team behind Acme raised $5M today."])
def test_near_misses_of_the_signature_are_left_to_the_model(line: str) -> None:
    assert kept(f"Story text.\n\n{line}", [0.0, 0.99]) == [True, False]


@pytest.mark.parametrize("text", [
    "Good morning, AI enthusiasts. A Paris lab just released an open-weights model that matches the best.",
    "Hi friends,", "GM, Nodewatchers. Ether had a good day.", "Hey — quick note before the links.",
    "Happy Monday! It's Valentine's Day.",
])
def test_a_block_that_opens_with_a_greeting_is_kept(text: str) -> None:
    """LABELLING.md keeps greetings; under a "Together with" banner the model reads the intro as the ad."""
    verdicts = decide(f"Together with Acme\n\n{text}\n\nNews.", [0.99, 0.99, 0.0])
    assert [k for k, _ in verdicts] == [False, True, True]
    assert "kept" in verdicts[1][1]


@pytest.mark.parametrize("text", [
    "Welcome to Import AI, a newsletter about AI research.", "HEY: PO Box 803338, Chicago, Illinois 60680",
    "Hi-fi audio is back, and Acme wants you to try it free.", "Hey there! Subscribe to get 20% off your first box.",
    "Hi there! Try Acme free for 30 days.",
])
def test_near_misses_of_the_greeting_are_left_to_the_model(text: str) -> None:
    assert kept(f"News.\n\n{text}", [0.0, 0.99]) == [True, False]


def test_a_quiz_section_ends_at_the_credits_and_an_article_about_a_game_is_no_quiz() -> None:
    trivia = ("## Story\n\nNews.\n\n**Trivia**\n\nWhich city banned leaf blowers first?\n\n"
              "Written by Jo Roe and Al Poe. Edited by Mark Dent.")
    assert kept(trivia, [0.0, 0.0, 0.2, 0.2, 0.2]) == [True, True, False, False, True]
    article = ("# Puzzles\n\nToday's puzzles.\n\n## From the crossword blog\n\n"
               "### [Clues on the night bus: the setters who write on their commute](https://x.y/a)\n\n"
               "Alan Connor meets three crossword setters who compose almost entirely on public transport, one of "
               "whom has written more than two hundred puzzles between two stops on the same bus route.\n\n"
               "## Today's crossword\n\nThe grid.")
    assert kept(article, [0.0] * 7) == [True, True, True, True, True, False, False]


AD_PROSE = ("Minutes released Wednesday show Federal Reserve officials agreed to slow the runoff of the balance "
            "sheet, a technical change that bond traders read as a signal about funding markets this year.")


@pytest.mark.parametrize("label", ["**SPONSORED**", "A MESSAGE FROM TOVALA",
                                   "Sponsored content · From Riverwalk Market", "Advertisement"])
def test_a_sponsor_label_right_over_a_title_takes_the_titles_section(label: str) -> None:
    md = (f"## Fed\n\n{AD_PROSE}\n\n{label}\n\n## Your portfolio deserves a second opinion\n\n"
          "![Meridian logo](https://cdn.example/meridian.png)\n\nAdvisors review your fees.\n\n"
          "[Book your free review](https://l.example/r)\n\n## Copper is back\n\nNews.")
    verdicts = decide(md, [0.0, 0.0, 0.5, 0.1, 0.1, 0.1, 0.1, 0.0, 0.0])
    assert [k for k, _ in verdicts] == [True, True, False, False, False, False, False, True, True]
    assert verdicts[3][1].startswith("in the ad under the sponsor label of block 2")


def test_a_sponsor_label_with_the_sponsors_logo_over_a_bold_title_and_a_call_to_act() -> None:
    card = (f"## Story\n\n{AD_PROSE}\n\n**Sponsored**\n\n[![Quillstack](https://cdn.example/quill.png)](https://l.x/q)\n\n"
            "**Your trust & safety team is drowning. Quillstack can help.**\n\nQuillstack triages reports.\n\n"
            "[Book a demo today.](https://l.x/d)\n\n---\n\nNews.")
    assert kept(card, [0.0, 0.0, 0.5, 0.5, 0.1, 0.1, 0.1, 0.0, 0.0]) == [
        True, True, False, False, False, False, False, True, True]
    # without the call to act at its end, the copy after the logo may be the next story: left to the model; but the
    # title and copy that name the sponsor whose logo is under the label go with it (session 11)
    story = card.replace("[Book a demo today.](https://l.x/d)", "Trust teams grew 20% last year, a survey found.")
    assert kept(story, [0.0, 0.0, 0.5, 0.5, 0.1, 0.1, 0.1, 0.0, 0.0])[4:7] == [False, False, True]
    other = story.replace("Quillstack can help.", "Here is help.").replace("Quillstack triages", "Our desk triages")
    assert kept(other, [0.0, 0.0, 0.5, 0.5, 0.1, 0.1, 0.1, 0.0, 0.0])[4:7] == [True, True, True]


@pytest.mark.parametrize("md", [
    # a banner at the top names the issue's sponsor: the first story is not its ad
    f"Presented by Acme\n\n## Your portfolio this week\n\n{AD_PROSE}\n\n## Next\n\nNews.",
    # a caption under a display ad: the story after it is not the ad's
    f"## Story\n\n{AD_PROSE}\n\n[![](https://cdn.example/ad.png)](https://l.x/a)\n\nSponsored\n\n"
    "## Next story\n\nNews.",
    # a caption over an ad server's picture, then the next story's bold title
    f"## Story\n\n{AD_PROSE}\n\nAdvertisement\n\n![](https://tpc.googlesyndication.com/p?id=1)\n\n**Next story**"
    "\n\nNews text.\n\n[Read more](https://x.y/r)",
    # a section too long to be one ad
    f"## Story\n\n{AD_PROSE}\n\nSPONSORED\n\n## Long read\n\n" + "\n\n".join(f"Paragraph {k}." for k in range(9)),
])
def test_near_misses_of_the_ad_card(md: str) -> None:
    blocks = parse_blocks(md)
    verdicts = revise(blocks, [block_stats(b) for b in blocks], np.array([0.0] * len(blocks)), THRESHOLD)
    assert not any("sponsor label" in reason for _, reason in verdicts)
    titles = [k for (k, _), b in zip(verdicts, blocks, strict=True) if b.kind == "heading" or b.text.startswith("**")]
    assert all(titles), [b.text for b in blocks]


NEWS_PARA = ("The council voted 32-18 on Wednesday to approve a budget that raises property taxes by two percent and "
             "adds forty officers, after a debate that ran past midnight and drew hundreds of residents.")


@pytest.mark.parametrize("md", [
    # a banner or caption over a real story's heading, the story with no call to act
    f"# Local\n\n{NEWS_PARA}\n\nPresented by Acme Health\n\n## 1. Council passes budget\n\n{NEWS_PARA}\n\n{NEWS_PARA}",
    f"## Story\n\n{NEWS_PARA}\n\nAdvertisement\n\n## Bridge reopens after two years\n\n{NEWS_PARA}",
    f"## Story\n\n{NEWS_PARA}\n\nA MESSAGE FROM MAYOR KAREN BASS\n\n## Wildfire recovery moves ahead\n\n{NEWS_PARA}",
    # the sponsor's "logo" and a story whose only link is "Read the full story"
    f"## Intro\n\n{NEWS_PARA}\n\nADVERTISEMENT\n\n[![Acme](https://media.beehiiv.com/a.png)](https://acme.example)\n\n"
    "**[Fed holds rates steady](https://news.example/fed)**\n\nThe Fed held rates.\n\n"
    "[Read the full story →](https://news.example/fed)",
    # the issue's closing credit under a last section
    f"## Story\n\n{NEWS_PARA}\n\nSPONSORED\n\n## Payroll, solved\n\nAcme pays teams.\n\n"
    "Written by Jane Doe and Sam Lee.\n\n[Try Acme free](https://acme.example/t)",
])
def test_review_news_under_a_sponsor_label_is_no_ad_card(md: str) -> None:
    blocks = parse_blocks(md)
    p = np.array([0.6 if AD_LABEL_RE.fullmatch(b.text.strip("*")) or b.text.startswith(("Presented", "A MESSAGE"))
                  else 0.1 for b in blocks])
    verdicts = revise(blocks, [block_stats(b) for b in blocks], p, THRESHOLD)
    assert not any("sponsor label" in reason for _, reason in verdicts), [b.text[:30] for b in blocks]


def test_review_an_ad_card_ends_at_its_call_to_act() -> None:
    md = (f"## Story\n\n{NEWS_PARA}\n\nSPONSORED\n\n## Acme: payroll in minutes\n\nAcme pays teams.\n\n"
          "[Try Acme free](https://acme.example/t)\n\n**[Fed holds rates](https://news.example/f)**\n\n"
          f"{NEWS_PARA}\n\n## Markets\n\nStocks rose.")
    assert kept(md, [0.0, 0.0, 0.6, 0.1, 0.1, 0.1, 0.1, 0.1, 0.0, 0.0]) == [
        True, True, False, False, False, False, True, True, True, True]


AD_COPY = ("Most investors have never had a fee audit. Meridian Wealth advisors will review your portfolio for hidden "
           "fees, tax drag and overlap, and show you what a fee-only plan could save you over the next ten years.")


@pytest.mark.parametrize(("picture", "card"), [
    ("https://cdn.example/sponsors/meridian-logo.png", True),  # filed under sponsors/
    ("https://mcusercontent.com/abc/images/sponsor-hexlane.png", True),
    ("https://cdn.example/img/quillstack-sponsor.png", True),
    ("https://ad.doubleclick.net/ddm/ad/N1184.1/B2;sz=600x300", True),  # an ad server's
    ("https://cdn.example/img/sponsorship-deal-signed.jpg", False),  # a story's picture about a sponsorship
    ("https://cdn.example/img/meridian-logo.png", False),  # no second mark
])
def test_an_ad_cards_copy_may_read_like_news_when_the_sponsors_picture_is_in_it(picture: str, card: bool) -> None:
    """Session 9: the ad's copy is often prose the model reads as news (p under half the threshold), which
    stops the card; with the sponsor's own picture under the title (an ad server's, or filed as a sponsor's),
    a paragraph that names the sponsor (the picture's alt text) is the ad's copy."""
    md = (f"## Fed\n\n{AD_PROSE}\n\n**SPONSORED**\n\n## Your portfolio deserves a second opinion\n\n"
          f"![Meridian Wealth logo]({picture})\n\n{AD_COPY}\n\n[Book your free review](https://l.example/r)\n\n"
          "## Copper is back\n\nNews.")
    verdicts = decide(md, [0.0, 0.0, 0.99, 0.1, 0.1, 0.1, 0.1, 0.0, 0.0])
    # the "[Book your free review]" button goes in any case: a link alone that sells (session 18)
    assert [k for k, _ in verdicts][3:] == ([False] * 3 if card else [True] * 3) + [False, True, True]
    # a credit or sign-off still stops it
    credited = md.replace(f"{AD_COPY}\n\n[Book", "Written by Jane Doe and Sam Lee.\n\n[Book")
    assert [k for k, _ in decide(credited, [0.0, 0.0, 0.99, 0.1, 0.1, 0.1, 0.1, 0.0, 0.0])[3:]] == [True] * 3 + [
        False, True, True]
    # news that names no sponsor is no ad copy, under the sponsor's picture too (session 9 review)
    news = md.replace(AD_COPY, NEWS_PARA)
    assert [k for k, _ in decide(news, [0.0, 0.0, 0.99, 0.1, 0.1, 0.1, 0.1, 0.0, 0.0])[3:]] == [True] * 3 + [
        False, True, True]


@pytest.mark.parametrize("md", [
    # a section sponsor's banner over the section heading, its logo, then the section's news
    f"## City Hall\n\n{NEWS_PARA}\n\nPresented by Riverside Honda\n\n## Sports\n\n"
    "[![Riverside Honda](https://cdn.example/email/sponsors/riverside-honda.png)](https://honda.example)\n\n"
    f"{NEWS_PARA}\n\n{NEWS_PARA}\n\n[Full standings and schedules](https://news.example/standings)\n\n"
    "## Weather\n\nSunny.",
    # the banner, the logo, then the first story's bold headline
    f"## City Hall\n\n{NEWS_PARA}\n\nPresented by Riverside Honda\n\n"
    "[![Riverside Honda](https://cdn.example/img/sponsor-logos/riverside-honda.png)](https://honda.example)\n\n"
    f"**[Riverside High advances to state semifinal](https://news.example/a)**\n\n{NEWS_PARA}\n\n"
    "[Box score and photos](https://news.example/b)\n\n**[Youth soccer adds a division](https://news.example/c)**",
])
def test_review_news_under_a_section_sponsors_logo_is_no_ad_card(md: str) -> None:
    blocks = parse_blocks(md)
    p = np.array([0.99 if b.text.startswith("Presented") or "sponsor" in b.text else 0.2 for b in blocks])
    verdicts = revise(blocks, [block_stats(b) for b in blocks], p, THRESHOLD)
    assert not any("sponsor label" in reason for _, reason in verdicts), [b.text[:30] for b in blocks]
    news = [k for (k, _), b in zip(verdicts, blocks, strict=True) if NEWS_PARA in b.text or "](https://news" in b.text]
    assert news and all(news)


def test_review_near_misses_of_greetings_signatures_and_quizzes() -> None:
    # a greeting under a sponsor's banner in the middle of the issue is the ad's copy: the model decides
    ad = f"## Story\n\n{NEWS_PARA}\n\nTOGETHER WITH ACME\n\nHey there! Meet Acme, the AI notetaker for teams."
    assert kept(ad, [0.0, 0.0, 0.99, 0.95])[3] is False
    for line in ("— Sponsor —", "— Paid Partnership", "See you inside! Start free trial."):
        assert kept(f"Story text.\n\n{line}", [0.0, 0.99]) == [True, False], line
    # a trivia answer with a linked headline is still games; a quote's attribution does not end a quiz
    answer = ("# Issue\n\nNews.\n\n## Trivia answer\n\n**[The Great Molasses Flood](https://x.y/m)**\n\n"
              f"{NEWS_PARA}\n\n## Next\n\nNews.")
    assert kept(answer, [0.0] * 7)[2:5] == [False, False, False]
    quiz = "# Issue\n\nNews.\n\n**Who said it?**\n\nAsk not what your country can do for you.\n\n— John F. Kennedy"
    assert kept(quiz, [0.0] * 5) == [True, True, False, False, False]


@pytest.mark.parametrize(("title", "ad"), [
    ("## Our partners", False), ("## Thank you to our Visionary sponsors", True), ("**Classifieds**", True),
    ("### Today's sponsors", True), ("## Sponsored links", True),
    ("## Partners in crime: the heist that fooled a museum", False),
    ("## Our partners in Kyiv say the grid held", False), ("## Sponsors pull out of the World Cup", False),
])
def test_a_title_naming_the_paid_part_opens_a_sponsored_section(title: str, ad: bool) -> None:
    md = (f"# Issue\n\n{NEWS_PARA}\n\n{title}\n\n[Acme makes payroll easy.](https://acme.example/r)\n\n"
          "## Next story\n\nNews.")
    assert kept(md, [0.0] * 6) == [True, True, not ad, not ad, True, True]


@pytest.mark.parametrize("title", ["## Partners", "## Our partners", "## Classifieds"])
def test_review_partners_and_classifieds_over_news_are_news(title: str) -> None:
    """'Partners' over partner organisations' news, 'Classifieds' over a story about the business: the
    section holds prose the model reads as news, so the title opens no sponsored section."""
    md = f"# Issue\n\n{NEWS_PARA}\n\n{title}\n\n{NEWS_PARA}\n\n[Read more](https://x.y/r)\n\n## Next\n\nNews."
    assert kept(md, [0.0] * 7) == [True] * 7


def test_a_sponsored_section_that_no_heading_closes_ends_at_the_issues_sign_off() -> None:
    md = (f"# Issue\n\n{NEWS_PARA}\n\n## Thank you to our sponsors\n\n[![Hexlane](https://cdn.x/hex.png)](https://h.x)"
          "\n\nSee you in Long Beach!\n\nThe PyCon US 2026 Team")
    assert kept(md, [0.0, 0.0, 0.5, 0.5, 0.99, 0.99]) == [True, True, False, False, True, True]
    # an ad's own "see you" with a call to act stays in the ad
    ad = md.replace("See you in Long Beach!", "See you there! Try Hexlane free.")
    assert kept(ad, [0.0, 0.0, 0.5, 0.5, 0.99, 0.99])[4] is False


@pytest.mark.parametrize(("title", "options", "poll"), [
    ("**How was today's Ledger?**", "[😀 Loved it](https://x.y/1) | [😐 Fine](https://x.y/2) | [🙁 Meh](https://x.y/3)",
     True),
    ("## How was today's Nodewatch?", "- [Great](https://x.y/1)\n\n- [Okay](https://x.y/2)", True),
    ("## How did you like this week's Lantern?", "[Loved it](https://x.y/1) · [Not for me](https://x.y/2)", True),
    ("## How was today's jobs report?", "Payrolls rose by 150,000 in May, below forecasts, and wages grew 0.3%.",
     False),
    ("## How was today's Ledger?", "Tell us by replying to this email with your thoughts on the new format.", False),
    ("## How was today's market?", "- [Stocks slide on rates](https://x.y/1)\n\n- [Oil jumps 4%](https://x.y/2)\n\n"
     "- [Chips rally](https://x.y/3)", False),
    ("## How was this week's jobs report?", "[Payrolls beat](https://x.y/1) · [Wages cool](https://x.y/2)", False),
])
def test_a_rating_poll_titled_with_the_issues_name(title: str, options: str, poll: bool) -> None:
    md = f"# Issue\n\n{NEWS_PARA}\n\n{title}\n\n{options}\n\n## Next\n\nNews."
    verdicts = decide(md, [0.0] * len(parse_blocks(md)))
    assert verdicts[2][0] is (not poll)


@pytest.mark.parametrize("title", ["## Support our journalism", "### Our other newsletters"])
def test_more_pitch_titles(title: str) -> None:
    md = f"# Issue\n\n{NEWS_PARA}\n\n{title}\n\nWe rely on readers like you.\n\n## Next\n\nNews."
    assert kept(md, [0.0] * 6) == [True, True, False, False, True, True]


def test_the_sites_navigation_bar_at_the_top_is_chrome() -> None:
    nav = "[Camp & Hike](https://x.y/c)\n\n[Climb](https://x.y/cl)\n\n[Cycle](https://x.y/cy)\n\n[Sale](https://x.y/s)"
    md = f"{nav}\n\n# Spring sale\n\n{NEWS_PARA}\n\n[Read more](https://x.y/r)\n\n[Tents](https://x.y/t)"
    assert kept(md, [0.0] * 8) == [False, False, False, False, True, True, True, True]
    row = f"[Kitchen](https://x.y/k) | [Home](https://x.y/h) | [Garden](https://x.y/g)\n\n# Shop\n\n{NEWS_PARA}"
    assert kept(row, [0.0] * 3) == [False, True, True]
    # (session 8 review) an issue's table of contents is no navigation bar: under a contents label, with
    # the stories' own links or titles, or after the issue's title
    toc = ("[Fed holds rates](https://x.y/p/fed)\n\n[Oil slips again](https://x.y/p/oil)\n\n"
           "[Chips rally on AI](https://x.y/p/chips)")
    stories = (f"## [Fed holds rates](https://x.y/p/fed)\n\n{NEWS_PARA}\n\n## Oil slips again\n\nText.\n\n"
               "## Chips rally on AI\n\nText.")
    for top in (f"**In this issue**\n\n{toc}", toc, f"# Daily brief\n\n{toc.replace('/p/', '/s/')}"):
        doc = f"{top}\n\n{stories}"
        assert all(kept(doc, [0.0] * len(parse_blocks(doc)))), top
    # near misses: an issue's table of contents (in-page anchors), an episode's listen links, two links,
    # and links after the first paragraph of prose
    anchors = nav.replace("https://x.y/", "#")
    assert kept(f"{anchors}\n\n# Issue\n\n{NEWS_PARA}", [0.0] * 6) == [True] * 6
    listen = ("[▶ Listen now](https://x.y/l)\n\n[Apple Podcasts](https://x.y/a)\n\n[Spotify](https://x.y/s)\n\n"
              "[YouTube](https://x.y/y)")
    assert kept(f"{listen}\n\n# Episode 12\n\n{NEWS_PARA}", [0.0] * 6) == [True] * 6
    assert kept(f"[Climb](https://x.y/c)\n\n[Cycle](https://x.y/y)\n\n# Issue\n\n{NEWS_PARA}", [0.0] * 4) == [True] * 4
    assert kept(f"Intro.\n\n{NEWS_PARA}\n\n{nav}", [0.0] * 6) == [True] * 6


def test_the_wordmark_named_again_in_the_footer_is_chrome() -> None:
    footer = "© 2026 The Daybreak Ledger, 12 Harbor St, Portland, ME 04101. [Unsubscribe](https://x.y/u)"
    logo = "[![The Daybreak Ledger](https://cdn.x.y/logo.png)](https://x.y)"
    md = f"{logo}\n\n# Good morning\n\n{NEWS_PARA}\n\n{footer}"
    assert kept(md, [0.0, 0.0, 0.0, 0.0])[0] is False
    # near misses: a picture the footer does not name, the same picture after the first paragraph, no footer
    assert kept(md.replace("The Daybreak Ledger](", "A harbor at dawn]("), [0.0] * 4)[0] is True
    late = f"# Good morning\n\n{NEWS_PARA}\n\n{logo}\n\n{footer}"
    assert kept(late, [0.0] * 4)[2] is True
    assert kept(f"{logo}\n\n# Good morning\n\n{NEWS_PARA}", [0.0] * 3)[0] is True


def test_an_ad_cards_linked_picture_is_not_its_call_to_act() -> None:
    md = (f"## Story\n\n{NEWS_PARA}\n\n**SPONSORED BY RETOOL**\n\n## Build internal agents your team will use\n\n"
          "[![Agents dashboard](https://cdn.x.y/a.png)](https://l.x/a)\n\nRetool connects to your data.\n\n"
          "[**Start building for free →**](https://l.x/s)\n\n## Next story\n\nNews.")
    assert kept(md, [0.0, 0.0, 0.99, 0.5, 0.5, 0.5, 0.2, 0.0, 0.0]) == [
        True, True, False, False, False, False, False, True, True]


@pytest.mark.parametrize(("title", "ad"), [
    ("## Sponsored: Pinpoint", True), ("**SPONSOR — Acme**", True), ("### Paid post: Ledgerly", True),
    ("### Paid post: Why CFOs love Ledgerly", False), ("## Sponsored: the rise of branded podcasts", False),
    ("## Sponsor – Nike pulls out of Chelsea kit deal", False),
    ("## Sponsorship deals are booming, says IAB", False), ("## Sponsor-backed teams dominate the draft", False),
    ("## Sponsored content is booming, says IAB", False), ("## Presented by Harbor Point Credit Union", True),
    ("## Brought to you by the Knight Foundation", True),
])
def test_a_title_that_opens_with_the_sponsor_label(title: str, ad: bool) -> None:
    md = f"# Issue\n\n{NEWS_PARA}\n\n{title}\n\nPinpoint finds the bug.\n\n## Next story\n\nNews."
    assert kept(md, [0.0] * 6) == [True, True, not ad, not ad, True, True]


def test_review_the_wordmark_is_a_name_the_footer_says_not_a_word_inside_it() -> None:
    footer = "© 2026 The Daybreak Ledger · 12 Harbor St, New York, NY 10001 · Manage your email preferences"
    for alt, wordmark in (("The Daybreak Ledger logo", True), ("New York", False), ("Mail", False),
                          ("Ledger", False), ("Harbor", False), ("The Daybreak Ledger", True)):
        md = f"![{alt}](https://cdn.x.y/top.png)\n\n# Good morning\n\n{NEWS_PARA}\n\n{footer}"
        assert kept(md, [0.0] * 4)[0] is (not wordmark), alt
    # a picture under the issue's title is the cover story's, whatever its alt text says
    cover = f"# The Daybreak Ledger: the spring issue\n\n![The Daybreak Ledger](https://cdn.x.y/cover.jpg)\n\n{NEWS_PARA}"
    assert kept(f"{cover}\n\n{footer}", [0.0] * 4) == [True] * 4


def test_review_a_rating_poll_takes_its_answers_not_the_next_paragraph() -> None:
    md = (f"# Issue\n\n{NEWS_PARA}\n\n## How was today's Ledger?\n\n- [😀 Loved it](https://x.y/1)\n\n"
          f"- [😐 Okay](https://x.y/2)\n\n{NEWS_PARA}")
    assert kept(md, [0.0] * 6) == [True, True, False, False, False, True]


def test_review_a_sponsored_section_ends_at_the_teams_signature() -> None:
    md = (f"# Issue\n\n{NEWS_PARA}\n\n## Thank you to our sponsors\n\n[![Hexlane](https://cdn.x/hex.png)](https://h.x)"
          "\n\n— The Riverkeeper team")
    assert kept(md, [0.0, 0.0, 0.5, 0.5, 0.2]) == [True, True, False, False, True]


@pytest.mark.parametrize(("line", "credit"), [
    ("*The Calder Current is edited by Elena Marsh, with reporting by Dev Patel and Chris Ruiz.*", True),
    ("This newsletter was written by Sam Lee and edited by Jo Roe.", True),
    ("Our newsletter is written, edited and produced by Maya Chen.", True),
    ("*Priya Halvorsen contributed to this newsletter.*", True),
    ("Sam Lee and Jo Roe contributed reporting to this story.", True),
    ("Acme contributed to this newsletter's costs. Try Acme free.", False),
    # ad copy that says who writes the product (session 9 review)
    ("The Daily Upside is written by Wall Street veterans who break down the markets. It's free.", False),
    ("Zero to Scale was written by Maria Chen, a former CFO. Order your copy today.", False),
    # a sponsor, not a person, or a credit that also pitches: left to the model
    ("Today's Daily Brief was brought to you by Julia Okonkwo and Samir Patel.", False),
    ("The guide was written by experts at Acme. Download it free.", False),
    ("This issue is sponsored and produced by Acme Health.", False),
    ("The Weekly is edited by Ana Ruiz. Subscribe to get it every Friday.", False),
])
def test_a_credit_said_of_the_issue_names_its_people(line: str, credit: bool) -> None:
    """LABELLING.md: a line that credits the editors or curators by name is kept, also when the credit comes
    after the issue's name ("X is edited by Y")."""
    assert kept(f"## Story\n\nNews.\n\n{line}", [0.0, 0.0, 0.99]) == [True, True, credit]


@pytest.mark.parametrize(("banner", "office"), [
    ("**A message from Mayor Teresa Okada**", True),
    ("A MESSAGE FROM OUR EXECUTIVE DIRECTOR", True),
    ("A message from the Editor", True),
    ("A MESSAGE FROM TOVALA", False),
    ("A message from Mayo Clinic", False),  # a sponsor whose name opens like an office: still a banner
    ("A message from Councilwoman Dana Reyes", True),
    # advertisers named like an office: the bare word, or "the CEO of" a company (session 9 review)
    ("A MESSAGE FROM PRINCIPAL", False),
    ("A message from Chief", False),
    ("A message from the CEO of Acme", False),
])
def test_a_message_from_an_office_is_a_letter_not_a_sponsor_banner(banner: str, office: bool) -> None:
    md = f"# Council update\n\n{NEWS_PARA}\n\n{banner}\n\nGood afternoon, neighbours. {NEWS_PARA}\n\n## Next\n\nNews."
    verdicts = decide(md, [0.0, 0.0, 0.1, 0.1, 0.0, 0.0])
    assert verdicts[2][0] is office
    assert all(k for k, _ in verdicts[3:])


@pytest.mark.parametrize(("link", "story"), [
    ("[Read Oren Castellanos’s column →](https://link.example/click/1)", True),
    ("[Read the full story on Finimize →](https://e.example/c/2)", True),
    ("[Continue reading](https://news.example/a)", True),
    ("[Read in the app](https://app.example/open)", False),  # furniture, not the story's
    ("[Read this issue online](https://news.example/web)", False),
    ("[Read more and subscribe](https://news.example/s)", False),
    ("[Read the Shopify case study →](https://buildkite.example/cs)", False),  # names no story: an ad's call
])
def test_a_storys_closing_read_on_link_is_part_of_the_story(link: str, story: bool) -> None:
    """Session 9: the link to the rest of a kept story, alone in its block, is kept with the story; an
    "Advertisement" caption with the display ad under it, before the next title, is not the story's."""
    ad = "Advertisement\n\n[![](https://li.example/imp?s=1&sz=600x250)](https://li.example/click?s=1)"
    md = f"## The Masters hangover\n\n{NEWS_PARA}\n\n{link}\n\n{ad}"
    assert kept(md, [0.0, 0.0, 0.99, 0.99, 0.99])[:3] == [True, True, story]
    # an item whose body the model drops, or one under a sponsor label, is no kept story
    assert kept(md, [0.0, 0.99, 0.99, 0.99, 0.99])[2] is False
    sponsored = md.replace("## The Masters hangover", "## The Masters hangover (Sponsored)")
    assert kept(sponsored, [0.0, 0.0, 0.99, 0.99, 0.99])[2] is False
    # a marker that is the item's last block labels the item above it (session 9 review)
    signed = f"## The Masters hangover\n\n{NEWS_PARA}\n\n{link}\n\n*Sponsored by Buildkite*"
    assert kept(signed, [0.0, 0.0, 0.99, 0.99])[2] is False


@pytest.mark.parametrize(("line", "button"), [
    ("[SHOP RAIN GEAR](https://click.example/a)", True),
    ("[SHOP ALL NEW ARRIVALS](https://click.example/b)", True),
    ("[Shop The Reader’s Catalog](https://email.example/t/c)", True),
    ("[Shop merch](https://store.example/m)", True),
    ("[Shop Verdant →](https://verdant.example)", True),
    # linked headlines that open with the word
    ("[Shop class is back in schools](https://news.example/a)", False),
    ("[SHOP TALK: WHY MALLS ARE BACK](https://news.example/b)", False),
    ("[Shopify earnings beat estimates](https://news.example/c)", False),
    ("**[Shop the collection](https://store.example/c)**", False),  # a bold link reads as a headline: the model
])
def test_a_shop_button_is_a_stores_call(line: str, button: bool) -> None:
    """Session 9: a link alone in its block saying "Shop …" as a store's button does is its call to buy."""
    assert kept(f"## Picks\n\n{NEWS_PARA}\n\n{line}", [0.0, 0.0, 0.1]) == [True, True, not button]


def test_the_title_of_a_kept_section_stays_when_the_model_alone_drops_it() -> None:
    """A category heading right under an ad takes the ad's context; its section is news, so it stays (session 10,
    set-e). A title with furniture words, or over a section that is not all kept, is the model's."""
    md = ("# Startups\n\nNews text one.\n\n# Big Tech\n\n**[Apple opens a lab](https://e.com/a)**\n\n"
          "**[Microsoft drops a bot](https://e.com/b)**\n\n# Follow us\n\nNews three.\n\nNews four.")
    decided = decide(md, [0.1, 0.1, 0.94, 0.2, 0.1, 0.95, 0.1, 0.1])
    assert [k for k, _ in decided] == [True, True, True, True, True, False, True, True]
    assert decided[2][1].startswith("title of a section that is kept")
    # a section the model drops part of keeps the model's verdict on its title
    assert kept(md, [0.1, 0.1, 0.94, 0.95, 0.1, 0.1, 0.1, 0.1])[2] is False


@pytest.mark.parametrize(("line", "credit"), [
    ("By [Sofia Alvarado](https://links.example.com/s/c/xyz)", True), ("By Sofia Alvarado", True),
    ("By Justin Kaufmann and Monica Eng ·Feb 14, 2022", True), ("Happy cooking,  \nNaomi", True),
    ("Happy reading!", True),
    ("By the numbers: 40% of renters moved last year", False), ("Happy birthday, Naomi", False),
    ("by subscribing you agree to our terms", False),
])
def test_bylines_and_happy_sign_offs_are_kept(line: str, credit: bool) -> None:
    """LABELLING.md keeps the byline and a plain sign-off; the model dropped a linked byline and "Happy cooking,
    Naomi" in set-e (session 10)."""
    assert kept(f"# Story\n\nNews text.\n\n{line}", [0.1, 0.1, 0.97])[2] is credit


def test_review_near_misses_of_quiz_labels_bylines_and_sign_offs() -> None:
    """Session 10 review: a story's paragraph that opens with "Pop quiz:" or "Trivia:", a list that opens with a quiz
    item, an explainer titled "Quiz: …" and a photo essay titled "Spot the fake" are news; a byline naming a sponsor,
    a credit or a "Happy shopping" inside a sponsored section do not save the ad."""
    story = ("## Markets\n\nPop quiz: what do Nvidia, Broadcom and TSMC have in common? All three hit record highs "
             "this week.\n\n**Trivia:** it is the first budget in a decade to pass without a single no vote.")
    assert kept(story, [0.1] * 3) == [True] * 3
    listed = "## In this issue\n\n- Quiz: how well do you know the new tax rules?\n- The Fed holds rates steady"
    assert kept(listed, [0.1] * 2) == [True] * 2
    long_para = " ".join(["The new rules change how deductions work for renters and owners alike this year."] * 4)
    explainer = (f"## Quiz: Are you ready for the new tax rules?\n\n{long_para}\n\n{long_para}\n\n"
                 "[Read the full explainer](https://example.com/e)")
    assert kept(explainer, [0.1] * 4) == [True] * 4
    essay = ("## Spot the fake\n\n![Two photos of a harbor](https://example.com/h.jpg)\n\nOne of these pictures was "
             "made by a generator; our photo desk explains how they told.")
    assert kept(essay, [0.1] * 3) == [True] * 3
    for line in ("By Acme Invest · Sponsored", "By Acme Corp — Get 20% Off Your First Order Today"):
        assert kept(f"# Story\n\nNews text.\n\n{line}", [0.1, 0.1, 0.97])[2] is False, line
    ad = ("## Plan your retirement (Sponsored)\n\nAcme's free guide shows how.\n\nThe guide is written by Maria Chen, "
          "Acme's chief economist.\n\n[Get the guide](https://acme.example/g)\n\nHappy shopping, Team Acme\n\n"
          "## Next story\n\nNews.")
    assert kept(ad, [0.97, 0.6, 0.6, 0.6, 0.97, 0.1, 0.1]) == [False, False, False, False, False, True, True]


@pytest.mark.parametrize(("md", "pixel"), [
    ("![](https://open.convertkit-mail4.com/3ZcMgQXMGz9Nfi)", True),
    ("![](https://links.warbyparker.com/e/eo?_t=32d9&_m=77)", True),
    ("![](https://links-1.govdelivery.com/track?type=open&enid=gkHtPbIp&msgid=1)", True),
    ("![A truck on the track](https://example.org/photos/track?type=opening-day.jpg)", False),
    ("![Canada's open data portal](https://open.canada.ca/img/portal.png)", False),
    ("![](https://example.org/photos/open-house.jpg)", False),
])
def test_open_tracking_pixels_are_dropped(md: str, pixel: bool) -> None:
    """Pixels on an "open." host or an "/e/eo?" path, without alt text (session 10, set-e)."""
    decided = decide(f"## Story\n\nNews text.\n\n{md}", [0.1, 0.1, 0.1])
    assert decided[2][0] is not pixel
    if pixel:
        assert decided[2][1].startswith("open-tracking pixel")


def test_a_story_with_its_share_icons_and_a_staff_credit_are_kept() -> None:
    """LABELLING.md keeps a block mixing a story with chrome, and credits (session 10, set-f): a summary ending in its
    byline and share icons, a tip line that credits the staff by role. A row of share icons alone is chrome still."""
    icons = ("[![Share on LinkedIn](https://e.com/i/share-linkedin.png)](https://www.linkedin.com/shareArticle?u=a) "
             "[![Share on X](https://e.com/i/share-x.png)](https://x.com/intent/tweet?u=a)")
    story = ("A Manhattan federal judge sentenced the former finance chief to seven years in prison on Wednesday, "
             "rejecting his bid for home confinement after a jury found he inflated revenue. By **Daniel Ofori** · "
             + icons)
    md = f"## [Ex-CFO gets 7 years](https://e.com/a)\n\n{story}\n\n{icons}"
    decided = decide(md, [0.1, 0.98, 0.98])
    assert [k for k, _ in decided] == [True, True, False]
    assert decided[1][1].startswith("a story's text with its share icons")
    staff = ("Send tips to [tips@example.com](mailto:tips@example.com). This newsletter couldn't happen without our "
             "editor **Ilana Frost**, deputy editor **Caleb Moreau** and producers **Sana Whitfield** and "
             "**Jonah Peretz**.")
    assert kept(f"# Story\n\nNews text.\n\n{staff}", [0.1, 0.1, 0.99])[2] is True
    # one role and name is no staff credit; a pitch that names its writers is no credit
    assert kept("# Story\n\nNews text.\n\nAsk our editor Ilana Frost anything.", [0.1, 0.1, 0.99])[2] is False
    pitch = "Join now: courses by editor Ilana Frost and writer Caleb Moreau, free for a week."
    assert kept(f"# Story\n\nNews text.\n\n{pitch}", [0.1, 0.1, 0.99])[2] is False


@pytest.mark.parametrize("block", [
    # session 10 review: pitches with share icons, and pitches, contacts and mastheads that name the staff
    "Tired of juggling spreadsheets at month end? Ledgerly reconciles your invoices automatically, flags the odd ones "
    "and closes your books in days, not weeks, for teams of any size. "
    "[Ledgerly.com](https://ledgerly.example/?utm_source=n) "
    "[![Share on X](https://e.com/i/share-x.png)](https://x.com/intent/tweet?u=a)",
    "Local news costs money to make. The Morning Brief is funded by readers like you, and this month every gift is "
    "matched by a longtime supporter of our newsroom and its reporters. By Jane Doe "
    "[Donate now](https://e.com/d) [![Share on X](https://e.com/i/share-x.png)](https://x.com/intent/tweet?u=a)",
    "Want to put your brand in front of 120,000 engaged readers? Email our partnerships editor Jane Doyle or producer "
    "Tom Reyes at [ads@example.com](mailto:ads@example.com).",
    "Editor Ilana Frost · Reporter Caleb Moreau · Designer Sana Whitfield. © 2025 Harbor Media, 123 Main Street.",
    "Reply to this email with feedback: our editor Ilana Frost and reporter Caleb Moreau read every note.",
])
def test_pitches_and_footers_with_icons_or_staff_names_stay_dropped(block: str) -> None:
    assert kept(f"# Story\n\nNews text.\n\n{block}", [0.1, 0.1, 0.97])[2] is False


def test_a_sponsor_tag_drops_the_item_that_names_the_sponsor() -> None:
    """A tag naming who paid belongs to the neighbouring item that names the same sponsor (session 11, set-f): the
    item above a trailing "Presented by" caption, the item below a "A message from X:" banner; the story beside it,
    which names no one, stays."""
    story = f"## [Rents flatten in Queens](https://e.com/a)\n\n{PROSE}"
    native = ("[![](https://cdn.e.com/native/harborview-jersey-city.jpg)](https://e.com/c)\n\n"
              "### [Why developers are flocking to Jersey City](https://e.com/b)\n\nLower land costs and a short ride.")
    md = f"{story}\n\n{native}\n\n*Presented by Harborview Partners*\n\n## Top closings\n\nThe biggest deals."
    assert kept(md, [0.1] * 8) == [True, True, False, False, False, False, True, True]
    assert "sponsor tag of block 5" in decide(md, [0.1] * 8)[2][1]
    banner = ("**A message from Calloway Energy:**\n\n[![Calloway Energy: gas keeps the lights on.](https://e.com/i.jpg)]"
              "(https://e.com/c)\n\nCalloway Energy is investing $2 billion in pipeline safety.\n\n"
              "**WHAT WE'RE WATCHING**\n\nThe Senate meets at 10 a.m.")
    assert kept(f"{story}\n\n{banner}", [0.1] * 7) == [True, True, False, False, False, True, True]


@pytest.mark.parametrize("tag", [
    "*Presented by Acme Bank*",  # neither neighbour names Acme: the tag alone (the model decides the rest)
    "*Presented by Riverside Health*",  # both name Riverside: which item it tags is not known
])
def test_a_sponsor_tag_decides_nothing_when_the_name_does_not(tag: str) -> None:
    above = f"## Riverside clinic opens\n\nThe Riverside Health clinic opened on Monday. {PROSE}"
    below = "## Riverside Health's new plan\n\nRiverside Health says it will hire 40 nurses."
    if "Acme" in tag:
        below = "## School board votes\n\nThe board approved the budget."
    decided = decide(f"{above}\n\n{tag}\n\n{below}", [0.1, 0.1, 0.95, 0.1, 0.1])
    assert [k for k, _ in decided] == [True, True, False, True, True]


def test_a_sponsor_tag_over_an_item_stops_at_the_issues_sign_off() -> None:
    md = ("Sponsored by Royce Investment Partners\n\n[![](https://e.com/ad.png)](https://e.com/c)\n\n"
          "*[The Royce Funds.](https://e.com/r)*\n\nCheers,  \n— Shane\n\n*P.S. A design I liked.*\n\n"
          "## Free Version\n\nJoin.")
    assert kept(md, [0.95, 0.95, 0.95, 0.6, 0.3, 0.96, 0.96])[3:5] == [True, True]


def test_the_footer_ends_the_last_story_and_its_pixel_is_not_a_picture_of_it() -> None:
    md = ("## Most read\n\n1. [The provost who cut 40 majors](https://e.com/a)\n\n"
          "Academe Today is curated by Noelle Barrington, with reporting from our staff across the country.\n\n"
          "You are receiving this email because you signed up. [Unsubscribe](https://e.com/u)\n\n"
          "1250 Twenty-Second Street NW · Washington, DC 20037\n\n![](https://go.e.com/trk?t=1&mid=OTMx)")
    assert kept(md, [0.1, 0.1, 0.1, 0.99, 0.99, 0.98]) == [True, True, True, False, False, False]


@pytest.mark.parametrize(("tag", "story"), [
    # a banner between a story and the display ad tags the ad, not the story, even when the story names the sponsor
    ("Presented by Ford", "Fewer first-time buyers can afford a starter home, and young buyers give up."),
    ("Presented by Intuit", "Intuit said on Tuesday it would cut 1,800 jobs as it reorganises its tax unit."),
    ("*Presented by Meta*", "Metal prices rose for a third week as smelters in China cut output further."),
    ("*Presented by Bank of America*", "American banks reported higher profits as lending grew in the quarter."),
    # editorial partners, readers, offices, the publication's own people and archive are no sponsors
    ("*In partnership with ProPublica*", "ProPublica and our newsroom found the landlord filed 400 evictions."),
    ("*Supported by readers like you*", "Most families are likely to need two incomes, and you know it."),
    ("*Content from our archive*", "In 2014 the council first debated bus lanes; read our archive story."),
    ("*A message from Mayor Okada*", "Mayor Okada says the city will open four cooling centers this week."),
])
def test_review_a_sponsor_tag_never_takes_the_story_above_it(tag: str, story: str) -> None:
    """Session 11 review: news beside a tag stays unless the tag is a caption, names the item above word for word and
    nothing below it looks like an ad."""
    md = (f"## [Headline of the story](https://news.example/a)\n\n{story} {PROSE}\n\n{tag}\n\n"
          "[![](https://ad.doubleclick.net/ddm/ad/N1/img.jpg)](https://ad.doubleclick.net/ddm/clk/1)\n\n"
          "The F-150 Lightning and QuickBooks and Erica. [Find out more](https://ad.doubleclick.net/ddm/clk/2)")
    assert kept(md, [0.05, 0.1, 0.8, 0.7, 0.7])[:2] == [True, True]


def test_review_a_dropped_footer_ends_a_story_a_venue_address_does_not() -> None:
    md = ("## [The Met reopens its Rockefeller Wing](https://news.example/a)\n\n" + PROSE + "\n\n"
          "1000 Fifth Avenue, New York, NY 10028\n\n![Rockefeller Wing](https://cdn.example/w_1100/wing.jpg)\n\n"
          "[Read the full review](https://news.example/a)")
    assert kept(md, [0.05, 0.05, 0.5, 0.95, 0.95]) == [True, True, True, True, True]


@pytest.mark.parametrize(("line", "ad"), [
    ("**[Retirees Are Rushing to Lock In This 6.1% Annuity Rate](https://ad.doubleclick.net/ddm/clk/5)**<br>*Ashcombe*",
     True),
    ("- [Seniors Are Getting Their Gutters Replaced](https://paid.outbrain.com/network/redir?p=1)", True),
    ("* **Sponsored:** [The 3 Questions to Ask Before You Refinance](https://links.example.com/a/click?_t=6)", True),
    ("This article is exclusive to STAT+ subscribers. [Unlock this article](https://example.com/u)", True),
    ("**The rest of this article is for subscribers.** [Subscribe](https://example.com/s)", True),
    # a story's link, a note about the paywall in passing, a bill's sponsor
    ("[Ad spending rose 8% this quarter](https://news.example/ads)", False),
    ("*Today's issue is free for everyone; the second half is for paying subscribers.*", False),
    ("Sponsored by Rep. Lopez, the bill caps rent increases at 5%.", False),
])
def test_ads_and_paywalls_by_their_own_links_and_labels(line: str, ad: bool) -> None:
    """Session 11, set-h: links that all go to an ad server, an opening "Sponsored:" label, a paywall's notice."""
    decided = decide(f"## Story\n\n{PROSE}\n\n{line}\n\n{PROSE}", [0.1] * 4)
    assert decided[2][0] is not ad, decided[2]
    assert decided[0][0] and decided[1][0] and decided[3][0]


def test_a_liveintent_slot_on_the_publishers_host_is_an_ad_server() -> None:
    slot = ("[![](https://li.reuters.com/imp?s=124001&li=dailybriefing&e=x)]"
            "(https://li.reuters.com/click?s=124001&li=dailybriefing&e=x)")
    assert kept(f"## Story\n\n{PROSE}\n\n{slot}", [0.1, 0.1, 0.5]) == [True, True, False]
    # a story's picture on a publisher's "li." host is no slot (session 11 review)
    photo = "[![The new library](https://li.example.com/imp?s=2025&u=photos)](https://li.example.com/click?s=2025&u=p)"
    assert kept(f"## Story\n\n{PROSE}\n\n{photo}", [0.1, 0.1, 0.5]) == [True, True, True]


def test_a_banner_drawn_as_a_picture_tags_the_item_below_that_names_the_sponsor() -> None:
    """Session 11, set-h: "![Presented by Halloway Creamery](…)" over a recipe card that sells Halloway's butter."""
    banner = "[![Presented by Halloway Creamery](https://cdn.example/partners/halloway-600x90.png)](https://e.com/c)"
    card = ("## [Brown Butter Blondies with Flaky Salt](https://e.com/r)\n\n"
            "Halloway's cultured butter is churned slowly. [Shop Halloway butter](https://e.com/s)")
    md = f"## [Braised chickpeas](https://e.com/a)\n\n{PROSE}\n\n{banner}\n\n{card}\n\n## [Next recipe](https://e.com/n)"
    assert kept(md, [0.05, 0.05, 0.5, 0.1, 0.8, 0.05]) == [True, True, False, False, False, True]
    # a poster's "Presented by the Riverside Players" over the review of their play: nothing in it looks like an ad
    poster = "![Presented by the Riverside Players](https://cdn.example/our-town-poster.jpg)"
    review = ("**Review: 'Our Town' finds new life on Main Street**\n\n"
              "The Riverside Players' revival is spare and moving, and runs through Nov. 9.")
    md = f"## [Braised chickpeas](https://e.com/a)\n\n{PROSE}\n\n{poster}\n\n{review}\n\n## [Next](https://e.com/n)"
    assert kept(md, [0.05, 0.05, 0.5, 0.22, 0.4, 0.05])[3:5] == [True, True]


@pytest.mark.parametrize(("label", "call", "ad"), [
    ("SPONSORED", "[Shop now](https://e.com/s)", True),
    ("ADVERTISEMENT", "[Shop now](https://e.com/s)", False),  # a caption of the picture under it, no item's label
    ("SPONSORED", "[Listen to the album](https://e.com/l)", False),  # a story's link, not a call to act's words
])
def test_a_paid_items_label_over_its_picture_and_heading(label: str, call: str, ad: bool) -> None:
    """Session 11, set-h: "SPONSORED" over a picture (its alt text describing it), a heading and copy that ends in a
    call to act: the item is the ad."""
    md = (f"## Review\n\n{PROSE}\n\n{label}\n\n"
          "[![A pair of cream-colored headphones resting on a stack of vinyl records in a sunlit room.]"
          "(https://media.example.com/email/partners/h2.jpg)](https://e.com/c)\n\n"
          f"### [The Headphones Built for Whole Albums](https://e.com/h)\n\nThe new H2 lasts 60 hours. {call}\n\n"
          "### [Next review](https://e.com/n)\n\nMore.")
    decided = kept(md, [0.05, 0.05, 0.95, 0.1, 0.05, 0.3, 0.05, 0.05])
    assert decided[3:6] == [not ad] * 3
    assert decided[:2] == [True, True] and decided[6:] == [True, True]



@pytest.mark.parametrize("line", [
    "- Sponsor: Sen. Maria Diaz (D-Austin)\n- Status: Passed Senate committee 7-2\n- Next: Floor vote Thursday",
    "Promoted: Dana Whitfield to chief of staff for Speaker Burrows, effective Monday.",
    "Advertisement: that's what a 30-second Super Bowl spot is now, and it costs $8 million.",
    "[Meta launches an ad-free Instagram](https://news.example/m). The app is for paying subscribers only, it said.",
    "## [Honolulu rail opens second segment](https://www.staradvertiser.com/2025/10/17/hawaii-news/rail/)",
    "[Outbrain completes its merger with Teads](https://www.outbrain.com/press/teads-merger/)",
    "Ask them live at [sli.do #budget25](https://app.sli.do/event/abc123)",
])
def test_review_news_that_looks_like_a_label_a_paywall_or_an_ad_link(line: str) -> None:
    """Session 11 review of the set-h shapes: bills, people moves, stories about ads and paywalls, news sites whose
    names hold an ad word."""
    assert kept(f"## Story\n\n{PROSE}\n\n{line}\n\n{PROSE}", [0.1] * 4) == [True] * 4


@pytest.mark.parametrize(("banner", "office"), [
    ("Sponsored by Rep. Lopez", True), ("Sponsored by Senator Ana Diaz", True),
    ("Sponsored by REP Fitness", False), ("Sponsored by Del Taco", False),
])
def test_review_a_bills_sponsor_is_an_office_a_brand_is_not(banner: str, office: bool) -> None:
    from newsclean.model.revise import _from_an_office
    assert _from_an_office(banner) is office


def test_review_a_quiz_prompt_is_no_sign_off() -> None:
    md = ("# Issue\n\nNews.\n\n## Word scramble\n\nToday's scramble!  \nLNAETP\n\nHint: it orbits the sun.\n\n"
          "Answer: PLANET")
    assert kept(md, [0.0] * 6)[3:] == [False, False, False]


@pytest.mark.parametrize(("line", "promo"), [
    ("**New at the Crooked Store:** the “Read the Whole Bill” tee. [Shop now](https://e.com/s)", True),
    ("**New in the shop:** the sticker is back in stock. [Visit the shop](https://e.com/s)", True),
    # session 11 review: news led so, and list items (each its own news)
    ("**Join us in mourning Mayor Ellen Park**, who died Tuesday. [Read the obituary](https://news.example/o)", False),
    ("**Pre-order:** Apple's new iPhone pre-orders begin Friday. [The Verge](https://news.example/v)", False),
    ("**New at the Blanton Museum store:** prints from the Kelly chapel. [More](https://news.example/b)", False),
    ("- **New in the shop:** a tote. [Shop](https://e.com/s)\n- **EU fines Meta** over Marketplace. "
     "[Reuters](https://news.example/r)", False),
    ("**New from the CDC:** guidance on masks in schools. [Read it](https://news.example/cdc)", False),
    ("**New in Congress:** the Senate passed the stopgap. [Details](https://news.example/c)", False),
    ("**Live updates:** [Follow the election results](https://news.example/live)", False),
])
def test_a_bold_lead_in_pitching_the_publications_shop(line: str, promo: bool) -> None:
    """Session 11, sets f and h: LABELLING.md self_promo, named by its lead-in; news leads stay."""
    decided = decide(f"## Story\n\n{PROSE}\n\n{line}\n\n{PROSE}", [0.1] * 4)
    assert decided[2][0] is not promo, decided[2]


@pytest.mark.parametrize(("line", "disclosure"), [
    ("Pitchfork may earn a portion of sales from products that are purchased through our site as part of our "
     "Affiliate Partnerships with retailers.", True),
    ("*We independently evaluate all recommended products. If you click on links we provide, we may receive "
     "compensation.*", True),
    ("Amazon may earn a 15% commission from sellers on each sale, the filing shows, up from 12% last year.", False),
    ("Creators can earn a commission through affiliate links in Shorts starting next month, YouTube said.", False),
    ("When you buy through links on our site, we may earn an affiliate commission.", True),
    ("It was always an arbitrage: serve enough pop-ups, banner ads and affiliate links to turn a profit.", False),
])
def test_an_affiliate_disclosure_is_footer(line: str, disclosure: bool) -> None:
    decided = decide(f"## Story\n\n{PROSE}\n\n{line}\n\n{PROSE}", [0.1] * 4)
    assert decided[2][0] is not disclosure, decided[2]


@pytest.mark.parametrize("end", [
    "Forwarded this email? [Subscribe to What A Day](https://e.com/s)",
    "What A Day | 1400 Civic Center Way | Denver, CO 80204 US",
])
def test_the_wordmark_named_again_in_the_end_matter(end: str) -> None:
    """Session 11, set-h: the wordmark named by the end matter's subscribe line or address line, not only by a
    copyright line."""
    md = (f"[![What A Day](https://e.com/wad-wordmark.png)](https://e.com/h)\n\n# Today\n\n{PROSE}\n\n{end}\n\n"
          "[Unsubscribe](https://e.com/u)")
    assert kept(md, [0.1, 0.1, 0.1, 0.95, 0.99])[0] is False


def test_a_block_led_by_a_banner_naming_its_sponsor_is_the_ad() -> None:
    """Session 11, set-h: "**A message from Hartwell Financial**<br>…copy…" and the sponsor's logo over it; an office's
    letter led so, and a banner at the top of the issue, stay."""
    logo = "[![Hartwell Financial](https://cdn.example.com/email/sponsors/hartwell-logo.png)](https://e.com/l)"
    ad = ("**A message from Hartwell Financial**<br>**Is your portfolio ready?** Our free guide walks you through it. "
          "[Download the free guide](https://e.com/g)")
    assert kept(f"## Story\n\n{PROSE}\n\n{logo}\n\n{ad}\n\n## Next\n\nNews.", [0.1] * 6) == [
        True, True, False, False, True, True]
    letter = "**A message from Mayor Teresa Okada**<br>Dear neighbors, the cooling centers open Monday."
    assert kept(f"## Story\n\n{PROSE}\n\n{letter}", [0.1] * 3) == [True, True, True]
    assert kept(f"{ad}\n\n## Story\n\n{PROSE}", [0.1] * 3)[0] is True


@pytest.mark.parametrize("block", [
    "**A message from Kyiv**<br>Our correspondent Olena Hrytsenko writes from a city without power for a third day.",
    "**In partnership with ProPublica**<br>Texas prisons held 1,200 people past their release dates, records show.",
    "Brought to you by Julia Okonkwo<br>Edited by Maria Chen. Copy editing by Lee Ford.",
    "Together with Mayor Kirk Watson, Gov. Greg\nAbbott announced Tuesday that the bridge will reopen.",
])
def test_review_a_dispatch_a_partner_story_or_a_credit_led_by_a_banners_words_stays(block: str) -> None:
    assert kept(f"## Story\n\n{PROSE}\n\n{block}\n\n{PROSE}", [0.1] * 4) == [True] * 4


@pytest.mark.parametrize("end", [
    "**Paramount Theatre, 713 Congress Ave.** Anniversary gala on Saturday. [Tickets](https://e.com/t)",
    "Subscribe to Paramount Theatre wherever you get your podcasts. [Apple](https://e.com/a)",
])
def test_review_a_venue_or_a_podcast_named_at_the_end_is_no_wordmark(end: str) -> None:
    md = (f"![Paramount Theatre](https://e.com/paramount-marquee.jpg)\n\n# Tonight\n\n{PROSE}\n\n{end}\n\n"
          "[Unsubscribe](https://e.com/u)")
    assert kept(md, [0.1, 0.1, 0.1, 0.5, 0.99])[0] is True


@pytest.mark.parametrize(("line", "ad"), [
    ("In association with the Pulitzer Center", False),  # an editorial partner (session 11 review)
    ("A WORD FROM OUR PARTNER", True),
    ("Today’s newsletter is supported by [**Parallax Audio**](https://e.com/p).", True),
    ("**Support for WBUR comes from** Beacon Hill Dental Group, offering same-day crowns.", True),
    ("**Thanks to our sponsor:** [Wrenfield Notebooks](https://e.com/w) makes paper that takes fountain pens.", True),
    ("In association with the Pulitzer Center, our reporter spent three weeks on the river documenting the "
     "drought and the towns that depend on it.", False),
    ("From our partner: CalMatters", False),
])
def test_more_sponsor_banners_and_lines(line: str, ad: bool) -> None:
    """Session 11, set-g: "In association with", "A word from our partner", a sponsor said as a sentence, public
    radio's underwriting line, a bold "Thanks to our sponsor:" lead-in."""
    decided = decide(f"## Story\n\n{PROSE}\n\n{line}\n\n## Next\n\n{PROSE}", [0.1] * 5)
    assert decided[2][0] is not ad, decided[2]
    assert [k for k, _ in decided[3:]] == [True, True]


def test_a_section_closed_by_a_sponsored_content_note_and_a_byline_with_icons() -> None:
    """Session 11, set-g: "*This is sponsored content." closes its titled section; a byline alone with its
    share icons is kept; "See you in the next lesson,<br>The Duolingo team" ends a quiz."""
    md = f"## Why your mattress might be the problem\n\n{PROSE}\n\n\\*This is sponsored content.\n\n## News\n\n{PROSE}"
    assert kept(md, [0.1] * 5) == [False, False, False, True, True]
    icons = ("By Joaquín Herrera-Laine [![Share on Facebook](https://e.com/share-fb-16.png)](https://e.com/f) "
             "[![Share on X](https://e.com/share-x-16.png)](https://e.com/x)")
    assert kept(f"## Story\n\n{icons}\n\n{PROSE}", [0.1, 1.0, 0.1]) == [True, True, True]
    quiz = ("## Quick quiz\n\nWhat does *la mariposa* mean?<br>A) the lighthouse<br>B) the butterfly\n\n"
            "See you in the next lesson,<br>The Duolingo team")
    assert kept(f"# Issue\n\n{PROSE}\n\n{quiz}", [0.1] * 5)[2:] == [False, False, True]


def test_games_under_a_label_in_capitals_and_the_sign_off_after() -> None:
    """Session 11, set-g: "NAME THAT WATCH" and "SKIMM TRIVIA" title their games in plain paragraphs; the next label
    in capitals or the issue's sign-off ("Have a great weekend….  \\n— The Hodinkee editors") ends them."""
    md = (f"# Issue\n\n{PROSE}\n\nNAME THAT WATCH\n\n![A cream dial](https://e.com/dial.jpg)\n\n"
          "Think you know it? Hit reply with the brand.\n\n"
          "Have a great weekend, and wear something you love.  \n— The Hodinkee editors")
    assert kept(md, [0.1] * 6)[2:] == [False, False, False, True]
    md = f"# Issue\n\n{PROSE}\n\nSKIMM TRIVIA\n\nWhich state has the most lighthouses?\n\nLISTEN UP\n\n{PROSE}"
    assert kept(md, [0.1] * 6)[2:] == [False, False, True, True]


def test_a_credit_in_a_mostly_dropped_section_stays() -> None:
    md = ("### Subscribe to The Economist\n\nEnjoy unlimited access.\n\n[Subscribe now](https://e.com/s)\n\n"
          "[Give a gift](https://e.com/g)\n\nThis edition was edited by Priya Halloran in London, with help from "
          "Dana Osei in New York.")
    assert kept(md, [0.98, 0.97, 1.0, 0.95, 0.8])[4] is True


@pytest.mark.parametrize("sign_off", ["Best wishes,  \nThe Harbour Science team",
                                      "See you at the Concert Hall,  \nThe Lakeside Philharmonic"])
def test_a_sign_off_with_its_signature_in_a_mostly_dropped_section_stays(sign_off: str) -> None:
    """Session 13, set-l (its false drops only): the issue's sign-off after its last, mostly dropped, section."""
    md = (f"# Issue\n\n{PROSE}\n\n## Support the orchestra\n\nYour gift keeps the music playing.\n\n"
          f"[Donate today](https://l.example/d)\n\n[Shop the store](https://l.example/s)\n\n{sign_off}")
    assert kept(md, [0.1, 0.1, 0.99, 0.97, 1.0, 0.95, 0.1]) == [True, True, False, False, False, False, True]
    # not under a sponsor's label: the ad's own sign-off goes with it
    md = (f"# Issue\n\n{PROSE}\n\n## Our partners\n\nSPONSORED\n\nHarbour Bank's savings account pays 4%.\n\n"
          f"[Open an account](https://l.example/d)\n\n{sign_off}")
    assert kept(md, [0.1, 0.1, 0.99, 0.97, 1.0, 0.95, 0.1])[6] is False


@pytest.mark.parametrize("after", [
    "*Correction: An April 1 story misstated the opening date of the Kesennuma line. It opens May 9.*",
    "*County News is produced by the Arlington County Office of Communications.*",
    "Speak soon,<br>Team Monzo &#128149;",
])
def test_a_quiz_ends_at_a_correction_a_credit_or_a_sign_off(after: str) -> None:
    """Session 11, set-i (its false drops only): news and credits after a quiz that no heading closes."""
    md = f"# Issue\n\n{PROSE}\n\n## Quiz\n\nWhich river is longest?\n\n*Answer: b) the Shinano.*\n\n{after}"
    assert kept(md, [0.1] * 6)[2:] == [False, False, False, True]


def test_a_correction_the_model_drops_is_kept() -> None:
    md = f"## Story\n\n{PROSE}\n\nCorrection: An earlier version of this story misstated the bridge's opening date."
    assert kept(md, [0.1, 0.1, 0.95]) == [True, True, True]



def test_the_end_matter_after_an_update_your_subscriptions_line() -> None:
    """Session 11, set-i: GovDelivery's footer line names no footer word the features know; what follows it is end
    matter."""
    md = (f"# County News\n\n{PROSE}\n\n{PROSE}\n\n"
          "Update your subscriptions, modify your password or email address, or stop subscriptions at any time on your "
          "[Subscriber Preferences Page](https://e.com/p).\n\n[![Powered by GovDelivery](https://e.com/pb.png)](https://e.com/g)")
    assert kept(md, [0.1, 0.1, 0.1, 0.99, 0.47]) == [True, True, True, False, False]


@pytest.mark.parametrize("md", [
    f"# Issue\n\n{PROSE}\n\nTRIVIA NIGHT AT THE LIBRARY\n\nTeams of four compete Thursday at 7 p.m. at the Central "
    "branch; prizes from local shops.\n\nRegistration opens Monday.",
    f"# Issue\n\n{PROSE}\n\nTHE HOUSING PUZZLE\n\nWhy are rents falling while prices climb? Economists at the Fed "
    f"say supply is catching up.\n\n{PROSE}",
    f"# Issue\n\n{PROSE}\n\nWHERE IN THE WORLD\n\nOur correspondent writes from Tbilisi, where protests entered a "
    f"third week.\n\n{PROSE}",
    f"# Issue\n\n{PROSE}\n\n## Fact check\n\nTrue or false: the mayor's claim that violent crime fell 20% last "
    "year. We checked police data, and the drop was 11%, according to the department.",
    f"# Issue\n\n{PROSE}\n\n## The river's missing fish\n\nIn association with the Pulitzer Center\n\n{PROSE}",
    f"# Issue\n\n{PROSE}\n\n**Support for this exhibition comes from** the Lindqvist Family Foundation. The show "
    "travels to Portland in the fall.",
    f"# Issue\n\n{PROSE}\n\n**Thanks to our sponsors** at Harbor Bank, the museum is free every first Friday "
    "through December.",
    f"# Issue\n\n{PROSE}\n\n## Condé Nast cuts its studio\n\nMost of the cuts fell at 23 Stories, the custom "
    "content arm of the publisher, two people said.",
    f"# Issue\n\n{PROSE}\n\nThis issue was underwritten by state bonds until 2019, when lawmakers changed course.",
])
def test_review_news_that_looks_like_games_banners_or_disclosures_stays(md: str) -> None:
    """Session 11 review of the set-g and set-i rules: events, columns, fact checks, editorial partners, funders and
    stories about ads keep every block."""
    n = len(parse_blocks(md))
    assert kept(md, [0.1] * n) == [True] * n


def test_review_a_story_with_an_opt_out_link_starts_no_end_matter() -> None:
    md = (f"# Issue\n\n{PROSE}\n\n{PROSE}\n\nThe city's new $8 trash fee takes effect July 1. Residents can opt out "
          "if they compost at home. [How to opt out](https://city.example.gov/optout)\n\n"
          "Correction: An earlier version of this story misstated the fee.\n\nSee you next week!")
    assert kept(md, [0.1, 0.1, 0.1, 0.95, 0.5, 0.5]) == [True, True, True, False, True, True]


# -- session 12 (set-j): sign-offs with a signature, paid-item labels, picture quizzes, wordmarks ---------------
@pytest.mark.parametrize("signoff", [
    "See you over the board,<br>The Chess.com Team",
    "Happy baking!  \nYour friends at King Arthur",
    "Thanks for building with us,  \nMira and the Supabase team",
    "Best wishes,  \nThe Met Office Communications team",
])
def test_a_sign_off_with_its_signature_is_kept(signoff: str) -> None:
    """LABELLING.md keeps a plain sign-off: the model dropped these (set-j), and a pitch's section ended at none."""
    assert kept(f"# Issue\n\n{PROSE}\n\n{signoff}", [0.1, 0.1, 0.97]) == [True, True, True]
    pitch = f"# Issue\n\n{PROSE}\n\n## Refer a friend\n\nGive a month, get a month. [Share](https://e.com/r)\n\n{signoff}"
    assert kept(pitch, [0.1, 0.1, 0.5, 0.97, 0.5]) == [True, True, False, False, True]


@pytest.mark.parametrize("signoff", [
    "Thanks to our sponsor,<br>The Acme Team",
    "Happy saving!  \nThe Fernhollow team",
    "See you there!  \nThe Acme Team [Register](https://e.com/r)",
])
def test_a_sign_off_that_closes_an_ad_is_no_sign_off(signoff: str) -> None:
    assert kept(f"# Issue\n\n{PROSE}\n\n{signoff}", [0.1, 0.1, 0.97]) == [True, True, False]


@pytest.mark.parametrize("label", ["PARTNER CONTENT", "Sponsored content from Kestrel Freight", "Paid post"])
def test_a_paid_label_over_a_heading_drops_its_section(label: str) -> None:
    md = (f"# Issue\n\n{PROSE}\n\n{label}\n\n## [Slow down in the Julian Alps](https://e.com/c/1)\n\n{PROSE}\n\n"
          f"## [2. Oaxaca, Mexico](https://e.com/c/2)\n\n{PROSE}")
    assert kept(md, [0.1] * 7) == [True, True, False, False, False, True, True]


def test_a_paid_label_right_under_a_picture_or_above_the_first_prose_takes_nothing() -> None:
    ad = "[![Acme](https://ads.example/slot.png)](https://ads.example/c)"
    under = f"# Issue\n\n{PROSE}\n\n{ad}\n\nSPONSORED CONTENT\n\n## [The council's budget](https://e.com/c/1)\n\n{PROSE}"
    assert kept(under, [0.1, 0.1, 0.95, 0.1, 0.1, 0.1])[4:] == [True, True]
    top = f"PARTNER CONTENT\n\n## [Welcome to the Morning Brief](https://e.com/c/1)\n\n{PROSE}"
    assert kept(top, [0.1, 0.1, 0.1]) == [True, True, True]


def test_sponsored_by_a_patron_takes_the_heading_of_no_section() -> None:
    md = f"# Issue\n\n{PROSE}\n\nSponsored by Harbor Bank\n\n## Weather\n\n{PROSE}"
    assert kept(md, [0.1] * 5)[3:] == [True, True]


@pytest.mark.parametrize(("label", "picture", "dropped"), [
    ("PARTNER SPOTLIGHT", "[![Greenfield butter](https://img.e.com/email/2026/partner-greenfield.png)](https://e.com/c)"
     "  \n**Greenfield Dairy** cultured butter, 15% off this month.", True),
    ("OUR PARTNERS", "[![A walnut chess set](https://img.e.com/email/partner-hollins.jpg)](https://e.com/c)  \n"
     "Tournament sets, 15% off with code CDC15. [Shop now](https://e.com/s)", True),
    # a partner group's photo over its news, no call to act (session 12 review)
    ("PARTNER SPOTLIGHT", "[![Volunteers at the Valley Food Bank](https://img.e.com/2026/partner-foodbank.jpg)]"
     "(https://e.com/c)", False),
    ("CONTENU PARTENAIRE – Loire Vallée Tourisme",
     "[![Cyclists by the Loire](https://img.e.com/2026/loire.jpg)](https://e.com/c)  \nDiscover the Loire Valley by "
     "bike. [Plan your trip](https://e.com/d)", True),
    # a partner label over a picture that is nobody's: the model decides
    ("OUR PARTNERS", "[![Volunteers plant trees](https://img.e.com/2026/trees.jpg)](https://e.com/c)", False),
    # a named label over a picture that does not name the sponsor
    ("CONTENU PARTENAIRE – Loire Vallée Tourisme",
     "[![The Senate in session](https://img.e.com/2026/senate.jpg)](https://e.com/c)", False),
])
def test_a_paid_label_over_a_partners_picture(label: str, picture: str, dropped: bool) -> None:
    md = f"# Issue\n\n{PROSE}\n\n{label}\n\n{picture}\n\n## Next section\n\n{PROSE}"
    assert kept(md, [0.1] * 6)[2:4] == ([False, False] if dropped else [True, True])


def test_an_advertisement_caption_abroad_goes_with_its_dropped_ad() -> None:
    ad = "[![](https://www8.smartadserver.com/ac?out=nl&nwid=1)](https://www8.smartadserver.com/click?i=2)"
    md = f"# Issue\n\n{PROSE}\n\nPublicité\n\n{ad}\n\n## Politics\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.1, 0.95, 0.1, 0.1]) == [True, True, False, False, True, True]
    # over a picture that stays, the caption stays too
    story = md.replace(ad, "![The Senate in session](https://img.e.com/senate.jpg)")
    assert kept(story, [0.1] * 6) == [True] * 6


@pytest.mark.parametrize(("title", "picture", "answer"), [
    ("## Bird ID challenge", "![A rufous tail with a white tip, fanned out on a pine branch.](https://e.com/t.jpg)",
     "*Answer: a hermit thrush.*"),
    ("## What's This Thing?", "![A woven grid of copper wires](https://e.com/w.jpg)",
     "*Last week's answer: a Nixie tube driver board from a 1960s frequency counter.*"),
])
def test_a_picture_to_identify_and_its_answer_is_a_game(title: str, picture: str, answer: str) -> None:
    md = f"# Issue\n\n{PROSE}\n\n{title}\n\n{picture}\n\n{answer}\n\n## Next\n\n{PROSE}"
    assert kept(md, [0.1] * 7) == [True, True, False, False, False, True, True]


@pytest.mark.parametrize("md", [
    # an advice column's answer is long, and a photo essay has prose
    f"# Issue\n\n{PROSE}\n\n## Ask the vet\n\n![A sleepy beagle](https://e.com/b.jpg)\n\n*Answer: {PROSE}*",
    f"# Issue\n\n{PROSE}\n\n## Photo of the week\n\n![The harbour at dawn](https://e.com/h.jpg)\n\n{PROSE}\n\n"
    "*Answer: we asked readers to name it.*",
    # a linked title is a story's
    f"# Issue\n\n{PROSE}\n\n## [Spot the owl](https://e.com/s)\n\n![An owl](https://e.com/o.jpg)\n\n"
    "*Answer: a barn owl.*",
])
def test_pictures_with_answers_that_are_no_game_stay(md: str) -> None:
    n = len(parse_blocks(md))
    assert kept(md, [0.1] * n) == [True] * n


def test_a_quiz_section_ends_at_a_story_under_a_subheading_only_when_its_game_is_above() -> None:
    story = f"### [A 12-year-old earns her first GM norm](https://e.com/s)\n\n{PROSE}"
    quiz = (f"# Issue\n\n{PROSE}\n\n## Puzzle of the Week\n\n![Chess diagram: white king g1](https://e.com/d.png)\n\n"
            f"**White to move and win.** [Solve it on Chess.com →](https://e.com/p)\n\n{story}")
    assert kept(quiz, [0.1] * 7) == [True, True, False, False, False, True, True]
    # "From the crossword blog" over a story's picture and credit, then its headline: the blog's story
    blog = (f"# Issue\n\n{PROSE}\n\n## From the crossword blog\n\n![A man writing on a night bus](https://e.com/n.jpg)"
            f"\n\nPhotograph: Sarah Lee\n\n{story}")
    assert kept(blog, [0.1] * 7) == [True] * 7


def test_a_bare_answer_is_the_evidence_of_a_titled_quiz() -> None:
    md = (f"# Issue\n\n{PROSE}\n\n## Travel quiz: Where in the world?\n\nThis city of 800,000 has a trumpeter play "
          "from its cathedral tower every hour. Where are you?\n\n*Answer: Kraków.*\n\n## Your tips\n\n" + PROSE)
    assert kept(md, [0.1] * 7) == [True, True, False, False, False, True, True]


def test_the_issues_sponsor_named_by_its_logo() -> None:
    logo = "[![Alpine Ridge Credit Union](https://e.com/images/arcu.png)](https://e.com/c)"
    md = f"**The Sunriser is supported by** {logo}\n\n# Issue\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.1]) == [False, True, True]
    # a story's sentence with a picture is not
    story = f"The Museum is supported by grants from the city. {logo}\n\n# Issue\n\n{PROSE}"
    assert kept(story, [0.1, 0.1, 0.1]) == [True, True, True]


@pytest.mark.parametrize("footer", [
    "Copyright &copy; 2026 The Colorado Sun, all rights reserved.",
    "The Colorado Sun is a journalist-owned, nonprofit news organization based in Denver.",
])
def test_the_wordmark_named_by_the_footer_after_a_sponsors_banner(footer: str) -> None:
    banner = "**Today's issue is supported by** [![Alpine Ridge](https://e.com/arcu.png)](https://e.com/c)"
    mark = "[![The Colorado Sun](https://e.com/logo.png)](https://coloradosun.com)"
    md = f"{banner}\n\n{mark}\n\n# The Sunriser\n\n{PROSE}\n\n{footer} [Unsubscribe](https://e.com/u)"
    assert kept(md, [0.95, 0.1, 0.1, 0.1, 0.95])[1] is False


@pytest.mark.parametrize("md", [
    # trade newsletters' topic labels over stories about the trade
    f"# Issue\n\n{PROSE}\n\nBRANDED CONTENT\n\n## Why Netflix built its own branded content studio\n\n{PROSE}\n\n"
    "[Read the full story](https://e.com/n)\n\nAGENCIES\n\n## WPP cuts 2,000 jobs\n\n" + PROSE,
    f"# Issue\n\n{PROSE}\n\nPaid partnership Rules\n\n## Instagram changes its paid partnership label\n\n{PROSE}",
    # an editorial partner's story republished under "PARTNER CONTENT"
    f"# Issue\n\n{PROSE}\n\nPARTNER CONTENT\n\n## Heat rules for farmworkers stall\n\n*By Levi Sumagaysay, CalMatters*"
    f"\n\n{PROSE}\n\n[Read at CalMatters](https://calmatters.org/x)",
    f"# Issue\n\n{PROSE}\n\nPARTNER CONTENT\n\n## From CalMatters: Heat rules for farmworkers stall\n\n{PROSE}\n\n"
    "[Read at CalMatters](https://calmatters.org/x)\n\n## Next story\n\n" + PROSE,
    # a partner group's photo over its news
    f"# Issue\n\n{PROSE}\n\nOUR PARTNERS\n\n![Farmworkers near Salinas](https://e.com/uploads/partners/farm.jpg)\n\n"
    f"## Heat rules for farmworkers stall in Sacramento\n\n{PROSE}",
    # Q&A columns and news with a photo and an answer
    f"# Issue\n\n{PROSE}\n\n## Ask the Vet\n\n![A beagle chewing grass](https://e.com/b.jpg)\n\n**Question:** Why "
    "does my dog eat grass?\n\n**Answer:** Usually boredom or a mildly upset stomach.",
    f"# Issue\n\n{PROSE}\n\n## Mystery solved\n\n![A bronze find](https://e.com/f.jpg)\n\n*Answer: a Roman "
    "surveyor's plumb bob, archaeologists said Tuesday.*",
    # solutions journalism and a reader poll
    f"# Issue\n\n{PROSE}\n\nToday's solution: A Nairobi startup turns 500 kilograms of plastic waste a day into "
    "paving bricks.",
    f"# Issue\n\n{PROSE}\n\nLast week's answer: 62 percent of 1,400 readers said yes.",
    # a story titled with a game's name, its photo and credit over its subheading
    f"# Issue\n\n{PROSE}\n\n## The crossword that fooled a nation\n\n![Margaret Farrar in 1942](https://e.com/m.jpg)"
    f"\n\n*Photo: Times archive*\n\n### [Eighty years of clues](https://e.com/s)\n\n{PROSE}",
])
def test_review_session_12_news_stays(md: str) -> None:
    """Session 12 review of the set-j rules: every block of these is news (or a credit) and stays."""
    n = len(parse_blocks(md))
    assert kept(md, [0.1] * n) == [True] * n


def test_review_a_story_photo_after_a_sponsors_banner_is_no_wordmark() -> None:
    md = ("[![Presented by Trustmark](https://e.com/t.png)](https://e.com/t) Presented by Trustmark\n\n"
          "![Jackson](https://e.com/jackson-skyline-flood.jpg)\n\n# The Pearl River crests\n\n"
          f"{PROSE}\n\nCopyright &copy; 2026 Jackson Free Press, all rights reserved. [Unsubscribe](https://e.com/u)")
    assert kept(md, [0.8, 0.4, 0.1, 0.1, 0.95])[1] is True


@pytest.mark.parametrize("signoff", ["See you there!  \nThe Avery Brewing Team", "Happy smiling!  \nThe Pearl Street "
                                     "Dental Team"])
def test_review_a_sign_off_that_closes_a_sponsors_item_goes_with_it(signoff: str) -> None:
    labelled = (f"# Issue\n\n{PROSE}\n\n**Sponsored by Pearl Street Dental**\n\nNew patients get a free cleaning this "
                f"month. [Book online](https://e.com/b)\n\n{signoff}")
    assert kept(labelled, [0.1, 0.1, 0.95, 0.95, 0.95])[2:] == [False, False, False]
    section = (f"# Issue\n\n{PROSE}\n\n## Join us at Brewfest (Sponsored)\n\nTwelve breweries, one ticket. "
               f"[Tickets](https://e.com/t)\n\n{signoff}")
    assert kept(section, [0.1, 0.1, 0.5, 0.5, 0.95])[2:] == [False, False, False]


@pytest.mark.parametrize("line", [
    "*VTDigger&#8217;s Daily Briefing is underwritten by Lamoille Valley Savings Bank, a mutual bank serving "
    "north-central Vermont since 1889.*",
    "This week’s issue is presented by Gallowglass Games  \n[![Gallowglass Games – Beneath Ashmoor, now on "
    "Kickstarter](https://e.com/g.jpg)](https://e.com/g)",
    "After Dark is presented by  \n[![Bayline Credit Union](https://e.com/bcu.png)](https://e.com/b)",
    # a funder's logo under the story it funds is a sponsor's logo (LABELLING.md: ad): session 18 turned the
    # session 12 review's contrary case round, as sets m and n are labelled
    "**Wild Skies is supported by** [![Xcel Energy Foundation](https://e.com/x.png)](https://e.com/x)",
])
def test_a_sentence_crediting_a_sponsor_goes(line: str) -> None:
    """Session 18, sets l to p: the sponsor of the issue, or of one of its parts, credited in one sentence."""
    assert kept(f"# Issue\n\n{PROSE}\n\n{line}\n\n## Next\n\n{PROSE}", [0.1] * 5) == [True, True, False, True, True]


def test_a_credit_left_open_takes_the_logo_under_it_not_the_photo_after() -> None:
    md = (f"# Issue\n\n{PROSE}\n\nHAY FESTIVAL WALES IS SUPPORTED BY\n\n[![Stackpole Bank, Principal Partner]"
          "(https://e.com/partners/sb.png)](https://e.com/sb)\n\n![Mirela Dancu speaking at a lectern on the main "
          f"stage](https://e.com/md.jpg)\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.5, 0.8, 0.4, 0.1]) == [True, True, False, False, True, True]
    # the model finds the picture no logo: it stays
    assert kept(md, [0.1, 0.1, 0.5, 0.3, 0.4, 0.1]) == [True, True, False, True, True, True]


@pytest.mark.parametrize("line", [
    "The bill is supported by Republicans.",  # a story's sentence: no italics, no logo, not the issue's
    "*Today's Daily Brief was brought to you by Julia Okonkwo and Samir Patel.*",  # its writers, in the past
    "*The festival is supported by Arts Council England, which gave it £2m. Tickets go on sale on Friday.*",
    "*This issue is supported by readers like you, who keep it free.*",
    # review: hosts, writers, prizes and ballot measures credited so
    "*The episode is presented by Kai Ryssdal and Kimberly Adams.*",
    "*Today's briefing is brought to you by Julia Okonkwo and Samir Patel.*",
    "*This newsletter is brought to you by Jane Doe, our climate reporter.*",
    "*The measure is supported by Governor Phil Scott, who called it overdue.*",
    "![The mayor at city hall](https://e.com/m.jpg) The plan is supported by Mayor Mulvaney-Stanak.",
    "Issue 1 is supported by Ohioans United for Reproductive Rights.",
    "*The Pulitzer Prize for Local Reporting is presented by Columbia University.*",
    # italics without a logo, in words that may not mean money: the model's ("*Building the Future is presented by
    # Altura, the business bank for founders.*", set o, is an ad it misses)
    "_The prize is supported by Arts Council England._",
    "The Museum is supported by grants from the city. [![The Museum](https://e.com/m.png)](https://e.com/m)",
])
def test_a_sentence_that_only_sounds_like_a_credit_stays(line: str) -> None:
    assert kept(f"# Issue\n\n{PROSE}\n\n{line}\n\n## Next\n\n{PROSE}", [0.1] * 5) == [True] * 5


def test_a_bare_sponsored_label_opening_its_items_block() -> None:
    """Session 18, set l: "**SPONSORED**<br>**Earn 4.35% APY…**" is labelled in its own block."""
    item = ("**SPONSORED**<br>**Earn 4.35% APY on your savings.** Harborline Bank’s account has no monthly fees. "
            "[Open an account](https://e.com/o)")
    assert kept(f"# Issue\n\n{PROSE}\n\n{item}\n\n## Next\n\n{PROSE}", [0.1] * 5) == [True, True, False, True, True]
    # a story about ads, with its byline, is not
    story = "PROMOTED<br>*By Ann Lee*<br>Why influencers label their posts."
    assert kept(f"# Issue\n\n{PROSE}\n\n{story}", [0.1] * 3) == [True, True, True]


@pytest.mark.parametrize("link", ["[BUY TICKETS](https://e.com/t)", "[Book tickets](https://e.com/t)",
                                  "[Get wristbands](https://e.com/w)", "[Buy course – $9.90](https://e.com/c)",
                                  "[Pre-order – $39.95](https://e.com/p)", "[Reserve a free seat](https://e.com/r)",
                                  "[Donate today](https://e.com/d)", "[Try Beacon free for 14 days](https://e.com/b)"])
def test_a_link_alone_that_sells_goes(link: str) -> None:
    """Session 18: a block that is one link whose words sell (150 such blocks labelled drop, none keep)."""
    md = f"# Issue\n\n## The festival opens\n\n{PROSE}\n\n{link}\n\n## Next\n\n{PROSE}"
    assert kept(md, [0.1] * 6) == [True, True, True, False, True, True]


@pytest.mark.parametrize("link", ["[Get the recipe →](https://e.com/r)", "[See deal](https://e.com/d)",
                                  "[Read more](https://e.com/m)", "[Shop class is back](https://e.com/c)",
                                  "[Book review: The Anxious Generation](https://e.com/b)",
                                  "[Shop talk – why malls are back](https://e.com/s)", "[See all events](https://e.com/e)",
                                  "[Buy tickets](https://e.com/t) for Friday's match sold out in four minutes."])
def test_a_link_that_ends_or_is_a_story_stays(link: str) -> None:
    md = f"# Issue\n\n## The festival opens\n\n{PROSE}\n\n{link}\n\n## Next\n\n{PROSE}"
    assert kept(md, [0.1] * 6) == [True] * 6


@pytest.mark.parametrize("game", [
    "## Where in Vermont?\n\n![A red covered bridge](https://e.com/b.jpg)\n\nKnow where this is? Hit reply "
    "with your guess.\n\n**Last week&#8217;s answer:** The fire tower on Spruce Mountain in Plainfield.",
    "## What Is It?\n\n**Last week’s answer:** the underside of a horseshoe crab shell.\n\n![Mystery close-up: a coil "
    "of copper wire](https://e.com/c.jpg)",
    "## Where in the world?\n\n![A pink-walled courtyard](https://e.com/p.jpg)\n\nGuess the city in this photo. "
    "*Last month&#8217;s answer: Valpara&#237;so, Chile.*",
])
def test_a_guessing_game_under_its_title_goes(game: str) -> None:
    """Session 18, sets m to p: a picture to identify, the guess asked for, last week's answer."""
    md = f"# Issue\n\n{PROSE}\n\n{game}\n\n## Next\n\n{PROSE}"
    n = len(parse_blocks(md))
    assert kept(md, [0.1] * n) == [True, True] + [False] * (n - 4) + [True, True]


@pytest.mark.parametrize("story", [
    # a story under a title that sounds like the game: its photo and prose, no guess asked
    "## Where in Ohio?\n\n![A closed steel mill in Youngstown](https://e.com/m.jpg)\n\n" + PROSE,
    # the guess in a story's long paragraph is no game's
    "## What is it?\n\n![A grey blob on a beach](https://e.com/b.jpg)\n\nScientists could only guess what washed up on "
    "the beach at Seaside on Monday: a mass of grey, rubbery tissue about four metres long that smelled of diesel, "
    "which the county has now sent to a laboratory in Portland for tests that will take at least two weeks.",
])
def test_a_story_under_a_guessing_title_stays(story: str) -> None:
    md = f"# Issue\n\n{PROSE}\n\n{story}\n\n## Next\n\n{PROSE}"
    n = len(parse_blocks(md))
    assert kept(md, [0.1] * n) == [True] * n


def test_a_link_to_take_a_quiz_goes_with_its_title() -> None:
    """Session 18: a quiz's teaser with "[Take the quiz]" (15 such blocks labelled drop, none keep)."""
    md = (f"# Issue\n\n{PROSE}\n\n## Test yourself\n\nWhich neighborhood got its first public sauna this month? Ten "
          f"questions, five minutes. [Take this week&#8217;s news quiz](https://e.com/q)\n\n## Next\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.1, 0.6, 0.1, 0.1]) == [True, True, False, False, True, True]
    # the model reads the teaser as news: it stays; a survey is no quiz
    assert kept(md, [0.1] * 6) == [True] * 6
    survey = md.replace("Take this week&#8217;s news quiz", "Take the survey")
    assert kept(survey, [0.1, 0.1, 0.1, 0.6, 0.1, 0.1]) == [True] * 6
    # under a title over more than the teaser, or one that names no game, the title stays
    more = md.replace("\n\n## Next", "\n\n" + PROSE + "\n\n## Next")
    assert kept(more, [0.1, 0.1, 0.1, 0.6, 0.1, 0.1, 0.1]) == [True, True, True, False, True, True, True]
    sauna = md.replace("## Test yourself", "## Sauna opens on the waterfront")
    assert kept(sauna, [0.1, 0.1, 0.1, 0.6, 0.1, 0.1]) == [True, True, True, False, True, True]
    # a contents line whose last link is the quiz's, a story with a quiz link inside it
    for line in ["**In today's edition:** [Council passes budget](https://e.com/a) · [Sauna opens](https://e.com/b) · "
                 "[Take the news quiz](https://e.com/q)",
                 "Vermont will require schools to [try a new civics quiz](https://e.com/c) before graduation, the "
                 "board said."]:
        assert kept(f"# Issue\n\n{PROSE}\n\n## Education\n\n{line}\n\n## Next\n\n{PROSE}",
                    [0.1, 0.1, 0.1, 0.6, 0.1, 0.1]) == [True] * 6


PITCH = ("**Ride the route yourself.** Velotrek Holidays runs a guided seven-day version every September. "
         "[Book your place](https://e.com/b)")


def test_a_pitch_that_ends_in_a_link_that_sells_goes_where_the_model_suspects_it() -> None:
    """Session 18: a short block closed by "[Buy points]", "[Book a boat]", "[Donate today]", at p >= 0.7 of the
    threshold (0.7 of it); under it the model's reading stands (a library's talk that ends in "[Register]")."""
    md = f"# Issue\n\n{PROSE}\n\n{PITCH}\n\n## Next\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.7, 0.1, 0.1]) == [True, True, False, True, True]
    assert kept(md, [0.1, 0.1, 0.3, 0.1, 0.1]) == [True] * 5
    # a story's last link that reads on, or a link inside the text, is no pitch's
    for text in [PITCH.replace("[Book your place]", "[Read the full story]"),
                 PITCH.replace("[Book your place](https://e.com/b)", "[Book your place](https://e.com/b) before it "
                               "ends, the company said on Tuesday."),
                 # a deals letter's item ends in the store's button: its content (review)
                 "**30% off Anker chargers** at Amazon today only. The Nano 30W is $13.99. [Shop now](https://e.com/a)"]:
        assert kept(f"# Issue\n\n{PROSE}\n\n{text}\n\n## Next\n\n{PROSE}", [0.1, 0.1, 0.7, 0.1, 0.1])[2], text
    # an event listing the model reads as news stays
    talk = ("**Author talk: Jun Nakashima, *The Water Year***  \nThursday, April 16, 7 p.m. · Central Library. "
            "[Register](https://e.com/r)")
    assert kept(f"# Issue\n\n{PROSE}\n\n{talk}\n\n## Next\n\n{PROSE}", [0.1, 0.1, 0.1, 0.1, 0.1])[2]


@pytest.mark.parametrize(("line", "p", "drop"), [
    ("FREE SHIPPING on orders of $40 or more at the Almanac General Store  |  Use code SPRING40", 0.6, True),
    ("Free repairs on all Rapha clothing, forever  |  Free returns within 90 days", 0.6, True),
    ("**Free UK delivery on orders over £40**  ·  Order by 2pm for same-day dispatch", 0.5, True),
    # the model reads it as news: it stays
    ("Free shipping on orders over $35 is ending at Target, the company said on Tuesday.", 0.2, False),
    # no terms after the offer
    ("Free shipping has become the most expensive promise in retail, analysts say.", 0.6, False),
])
def test_a_stores_offer_line(line: str, p: float, drop: bool) -> None:
    """Session 18: a store's offer strip (43 such blocks labelled drop in the corpus and the studied sets)."""
    assert kept(f"# Issue\n\n{PROSE}\n\n{line}\n\n## Next\n\n{PROSE}", [0.1, 0.1, p, 0.1, 0.1])[2] is not drop


@pytest.mark.parametrize("headline", [
    "Reserve Bank holds cash rate", "Buy Canadian movement grows", "Buy-side firms pile into private credit",
    "Pre-order numbers for iPhone soften", "Register-Guard cuts print days", "Book early for summer, experts warn",
    "Try going car-free for a week", "Upgrade cycle lifts Apple shares", "Claim denied for flood victims",
    "Renew Democracy sues state", "Buy now, pay later under fire", "Sign up bonuses vanish", "Apply here",
    "Donate to the Vermont Flood Fund", "Register to testify"])
def test_review_a_headline_link_that_opens_with_a_selling_word_stays(headline: str) -> None:
    """Review of session 18: a button's words, whole; a headline link alone in its block says more."""
    md = f"# Issue\n\n## Markets\n\n[{headline}](https://e.com/h)\n\n{PROSE}\n\n## Next\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.6, 0.1, 0.1, 0.1]) == [True] * 6


@pytest.mark.parametrize("md", [
    "**PROMOTED**<br>Leeds United, Burnley and Sunderland go up to the Premier League after a record season.",
    "**Promoted**  \nMaria Lopez to managing editor, from deputy editor.",
    "Sponsor:  \nRep. Jane Smith (D-Burlington)",
])
def test_review_a_promotion_or_a_bills_sponsor_is_no_paid_label(md: str) -> None:
    assert kept(f"# Issue\n\n{PROSE}\n\n{md}", [0.1] * 3) == [True] * 3


@pytest.mark.parametrize("section", [
    "## Can you go home again?\n\n![The house](https://e.com/h.jpg)\n\nI guess I always knew I'd come back.",
    "## Our 30-day reading challenge\n\n![Books](https://e.com/b.jpg)\n\nMy guess: most of you finished three.",
    "## Where is it?\n\n![The empty plinth](https://e.com/p.jpg)\n\n*Police have no guesses about the statue.*",
])
def test_review_a_guess_in_a_story_is_no_guessing_game(section: str) -> None:
    md = f"# Issue\n\n{PROSE}\n\n{section}\n\n## Next\n\n{PROSE}"
    assert kept(md, [0.1] * 7) == [True] * 7


def test_a_paid_label_over_an_item_the_model_finds_ad_like() -> None:
    """Session 18, sets l to n: "SPONSORED" over a picture, a heading and its copy, all at least half the threshold:
    the item goes; under a news-like item, or a label over a list it closes, nothing more."""
    item = ("SPONSORED\n\n[![Corsair’s Reach box art: three ships](https://e.com/c.jpg)](https://e.com/c)\n\n"
            "### [Corsair’s Reach: a deck-builder where every card is a ship](https://e.com/c)\n\n"
            "Build a fleet and sink your friends’ ambitions in 45 minutes. Now on Gamefound.")
    md = f"# Issue\n\n{PROSE}\n\n{item}\n\n## The Hotness\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.95, 0.7, 0.8, 0.8, 0.1, 0.1]) == [True, True, False, False, False, False, True, True]
    # the model reads the item as news: only the label goes
    assert kept(md, [0.1, 0.1, 0.95, 0.1, 0.2, 0.1, 0.1, 0.1]) == [True, True, False, True, True, True, True, True]
    # "PAID CONTENT" over the list of paid links it labels, then the issue's last story under its heading
    cnn = (f"# Issue\n\n{PROSE}\n\n**PAID CONTENT**\n\n- [Seniors are getting gutters replaced](https://e.com/o)\n\n"
           f"## AND FINALLY\n\n**Otters take over a hotel pool**  \n{PROSE}")
    assert kept(cnn, [0.1, 0.1, 0.99, 0.99, 0.51, 0.59]) == [True, True, False, False, True, True]



# Session 19: the false drops of the blind sets k, q, r and s (read; their misses were not).


@pytest.mark.parametrize("sign_off", [
    "That&#8217;s it for today. Bring a coat.<br>&#8212; Odhiambo",
    "With best wishes from all of us at the Hollis,<br>The Hollis News team",
    "Warmest regards,  \nThe Lantern Club",
])
def test_a_sign_off_read_with_its_entities_decoded_ends_a_quiz(sign_off: str) -> None:
    md = f"# Issue\n\n{PROSE}\n\n## Quiz\n\nWhich river is longest?\n\n*Answer: b) the Tana.*\n\n{sign_off}"
    assert kept(md, [0.1, 0.1, 0.97, 0.97, 0.97, 0.85])[2:] == [False, False, False, True]


@pytest.mark.parametrize("closing", [
    "See you at the museum,  \nThe Hollis",
    "That’s all for today. See you Friday.  \n— Priya",
    "That&#8217;s all for today.<br>&#8212; Wanjala",
    "*Correction: Tuesday&#8217;s newsletter gave the wrong time for the lantern walk. It starts at 8 p.m.*",
    # the rule-made false drops left in the studied sets
    "Sleep well (eventually),  \nHarriet",
    "_Harriet Osei is the editor of Little Lantern and the mother of two good negotiators._",
    "— Tom & Priya",
    "With gratitude,  \nLena Marsh  \nFounder & CEO, Clear Water",
])
def test_sign_offs_and_corrections_stay_in_a_mostly_dropped_section(closing: str) -> None:
    md = (f"# Issue\n\n{PROSE}\n\n## Shop the museum store\n\nNew tote bags are in.\n\n"
          f"[Shop now](https://l.example/s)\n\n[Become a member](https://l.example/m)\n\n{closing}")
    assert kept(md, [0.1, 0.1, 0.99, 0.97, 1.0, 0.95, 0.4]) == [True, True, False, False, False, False, True]
    if closing.startswith(("See", "That", "Sleep", "With")):  # under a sponsor's label, the ad's sign-off goes
        md = (f"# Issue\n\n{PROSE}\n\n## Our partners\n\nSPONSORED\n\nHarbour Bank's savings account pays 4%.\n\n"
              f"[Open an account](https://l.example/d)\n\n{closing}")
        assert kept(md, [0.1, 0.1, 0.99, 0.97, 1.0, 0.95, 0.4])[6] is False


def test_near_misses_of_a_correction_stay_with_their_section() -> None:
    """"Corrections: spot something wrong? Tell us" asks; it corrects nothing."""
    for line in ("Corrections: spot something wrong? [Tell us](https://l.example/c)",
                 "Correction: the wrong answer wins nothing, so reply before Friday."):
        md = (f"# Issue\n\n{PROSE}\n\n## Shop the museum store\n\nNew tote bags are in.\n\n"
              f"[Shop now](https://l.example/s)\n\n[Become a member](https://l.example/m)\n\n{line}")
        assert kept(md, [0.1, 0.1, 0.99, 0.97, 1.0, 0.95, 0.4])[6] is False, line


@pytest.mark.parametrize("label", ["*Sponsored by Harbourline Super*", "*Partner content*", "SPONSORED"])
def test_a_label_that_closes_the_ad_above_leaves_the_next_section(label: str) -> None:
    ad = "Fees that look small now can cost you later. Here is what to ask before you switch funds."
    news = ("### [Ministers agree to a national build-to-rent code](https://n.example/a)\n\n"
            "- [Why every settings page looks the same](https://n.example/b)")
    md = f"# Issue\n\n{PROSE}\n\n{ad}\n\n{label}\n\n## National\n\n{news}"
    decided = kept(md, [0.1, 0.1, 0.97, 0.99, 0.04, 0.04, 0.03])
    assert decided[4:] == [True, True, True], decide(md, [0.1, 0.1, 0.97, 0.99, 0.04, 0.04, 0.03])
    assert decided[3] is False  # the label itself goes with the ad above it (the model drops it)


def test_a_label_under_news_still_opens_the_ad_card_below_it() -> None:
    md = (f"# Issue\n\n## Story\n\n{PROSE}\n\nSPONSORED\n\n## Grow your savings with Harbour Bank\n\n"
          "Harbour Bank's account pays 4.1% with no fees.\n\n[Open an account](https://h.example/o)\n\n## News\n\n"
          f"{PROSE}")
    assert kept(md, [0.1, 0.1, 0.1, 0.6, 0.3, 0.3, 0.5, 0.1, 0.1]) == [
        True, True, True, False, False, False, False, True, True]


def test_a_storys_title_with_a_pitch_word_is_kept_with_its_body() -> None:
    """A story about subscriptions is a story: the model's drop of its title goes when its body is kept."""
    md = (f"# Issue\n\n{PROSE}\n\n## [Publishers test paying creators per subscriber](https://d.example/s)\n\n"
          f"{PROSE}\n\n## Next\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.96, 0.3, 0.1, 0.1]) == [True] * 6


# Session 19 review: a helper's hand-made cases against the changes above (each asserts what LABELLING.md wants).

AD1 = ("SPONSORED\n\n## Grow your savings with Harbour Bank\n\nHarbour Bank's account pays 4.1% with no fees.\n\n"
       "[Open an account](https://h.example/o)")
AD2 = ("## Ship faster with Kestrel Freight\n\nKestrel moves your pallets overnight, coast to coast.\n\n"
       "[Get a quote](https://k.example/q)")


# ---- change 4: a label over a heading under ad-like copy -------------------------------------------------------

def test_review19_second_ad_in_a_row_is_dropped() -> None:
    """Two labelled ads back to back: the first ad's CTA is 'ad-like above', so the second card is not opened."""
    md = f"# Issue\n\n## Story\n\n{PROSE}\n\n{AD1}\n\nSPONSORED\n\n{AD2}\n\n## News\n\n{PROSE}"
    d = kept(md, [0.1, 0.1, 0.1, 0.6, 0.95, 0.95, 0.95, 0.6, 0.5, 0.4, 0.7, 0.1, 0.1])
    assert d[7:11] == [False] * 4, decide(md, [0.1, 0.1, 0.1, 0.6, 0.95, 0.95, 0.95, 0.6, 0.5, 0.4, 0.7, 0.1, 0.1])


@pytest.mark.parametrize("label", ["SPONSORED", "PARTNER CONTENT", "*Partner content*", "Advertisement"])
def test_review19_ad_under_a_section_heading_of_ads_is_dropped(label: str) -> None:
    """A heading the model drops ('## Marketplace') is the 'ad-like block above': no ad is closed by the label."""
    md = f"# Issue\n\n## Story\n\n{PROSE}\n\n## Marketplace\n\n{label}\n\n{AD2}\n\n## News\n\n{PROSE}"
    d = kept(md, [0.1, 0.1, 0.1, 0.95, 0.8, 0.6, 0.5, 0.7, 0.1, 0.1])
    assert d[5:8] == [False] * 3, label


@pytest.mark.parametrize("label", ["SPONSORED", "PARTNER CONTENT"])
def test_review19_ad_after_a_news_link_the_model_half_suspects_is_dropped(label: str) -> None:
    md = (f"# Issue\n\n## Story\n\n{PROSE}\n\n[Read the full report](https://n.example/r)\n\n{label}\n\n{AD2}\n\n"
          f"## News\n\n{PROSE}")
    d = kept(md, [0.1, 0.1, 0.1, 0.5, 0.6, 0.5, 0.4, 0.7, 0.1, 0.1])
    assert d[3] is True and d[4:8] == [False] * 4, label


@pytest.mark.parametrize("label", ["*Partner content*", "SPONSORED"])
def test_review19_a_closing_label_the_model_half_suspects_still_goes(label: str) -> None:
    ad = "Fees that look small now can cost you later. Here is what to ask before you switch funds."
    news = ("### [Ministers agree to a national build-to-rent code](https://n.example/a)\n\n"
            "- [Why every settings page looks the same](https://n.example/b)")
    md = f"# Issue\n\n{PROSE}\n\n{ad}\n\n{label}\n\n## National\n\n{news}"
    d = kept(md, [0.1, 0.1, 0.97, 0.7, 0.04, 0.04, 0.03])
    assert d[3] is False and d[4:] == [True] * 3, label


def test_review19_named_sponsor_label_over_ad_after_heading_still_drops() -> None:
    md = (f"# Issue\n\n## Story\n\n{PROSE}\n\n## Marketplace\n\n*Sponsored by Kestrel Freight*\n\n{AD2}\n\n"
          f"## News\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.1, 0.95, 0.8, 0.6, 0.5, 0.7, 0.1, 0.1])[5:8] == [False] * 3


# ---- change 3: sign-offs in a mostly dropped section ----------------------------------------------------------

COPY = ("Harbour Bank's Saver account pays 4.1% with no monthly fees and no lock-in.\n\n"
        "Open one in five minutes from your phone and move money whenever you like.\n\n"
        "[Open an account](https://h.example/o)")


@pytest.mark.parametrize("closing", ["Happy saving!  \nThe Harbour Bank team",
                                     "With best wishes,  \nThe Harbour Bank team",
                                     "Warm regards,<br>&mdash; The Harbour Bank team",
                                     "Thanks for banking with us,  \nHarbour Bank"])
@pytest.mark.parametrize(("head", "ph"), [("SPONSORED\n\n## Save more this spring", [0.8, 0.97]),
                                          ("## Save more this spring with Harbour Bank", [0.97])])
def test_review19_the_sponsors_own_sign_off_goes_with_a_long_ad(closing: str, head: str, ph: list[float]) -> None:
    """The label is more than GREETING_LABEL_REACH blocks above (or there is none): the ad's signature is kept."""
    md = f"# Issue\n\n{PROSE}\n\n{head}\n\n{COPY}\n\n{closing}"
    assert kept(md, [0.1, 0.1, *ph, 0.95, 0.95, 0.99, 0.6])[-1] is False


# ---- change 2: corrections -------------------------------------------------------------------------------------

STORE = ("# Issue\n\n{p}\n\n## Shop the museum store\n\nNew tote bags are in.\n\n[Shop now](https://l.example/s)\n\n"
         "[Become a member](https://l.example/m)\n\n{line}")


@pytest.mark.parametrize(("line", "pl"), [
    ("*Correction: last week's email listed the wrong code. Use MEMBER15 for 15% off at the store.*", 0.4),
    ("*Correction: yesterday's email had the wrong link for gala tickets. [Get your tickets here](https://l.example/t).*",
     0.95),
    ("*Correction: Harbour Bank's sponsored message on Tuesday gave the wrong rate; the Saver account pays 4.1%.*",
     0.4),
])
def test_review19_a_pitch_dressed_as_a_correction_goes(line: str, pl: float) -> None:
    md = STORE.format(p=PROSE, line=line)
    assert kept(md, [0.1, 0.1, 0.99, 0.97, 1.0, 0.95, pl])[-1] is False


def test_review19_new_correction_wordings_stay() -> None:
    for line in ("*Correction: Tuesday&#8217;s newsletter gave an incorrect time for the lantern walk. It starts at 8 "
                 "p.m.*",
                 "**Correction:** Tuesday's newsletter gave the wrong date for the lantern walk. It is on May 3."):
        assert kept(STORE.format(p=PROSE, line=line), [0.1, 0.1, 0.99, 0.97, 1.0, 0.95, 0.95])[-1] is True


# ---- change 1: sign-offs after a quiz ------------------------------------------------------------------------

QUIZ = "# Issue\n\n{p}\n\n## Quiz\n\nWhich river is longest?\n\n*Answer: b) the Tana.*\n\n{off}"


@pytest.mark.parametrize("off", [
    "That&#8217;s it for this edition. Bring a coat.<br>&#8212; Odhiambo",
    "That&#8217;s all from us today.<br>&#8212; Odhiambo",
    "All the best,<br>&#8212; Odhiambo", "Many thanks,<br>Odhiambo", "Much love,<br>Odhiambo",
    "Onwards,<br>Odhiambo", "Till next week,<br>Odhiambo", "Catch you next week,<br>Odhiambo",
    "Bye for now,<br>Odhiambo", "Cheers,<br>&Eacute;lodie", "Cheers,  \nÉlodie Martin",
])
def test_review19_sign_offs_in_other_words_end_the_quiz(off: str) -> None:
    assert kept(QUIZ.format(p=PROSE, off=off), [0.1, 0.1, 0.97, 0.97, 0.97, 0.85])[-1] is True


@pytest.mark.parametrize("off", [
    "That&rsquo;s it for today. Bring a coat.<br>&mdash; Odhiambo", "That&#x2019;s it for today.<br>&#x2014; Odhiambo",
    "With warm wishes,<br>The Hollis News team", "Warmest wishes from all of us,<br>The Hollis News team",
    "Kind regards,&nbsp;<br>&nbsp;The Hollis News team", "With gratitude,<br>&#8212;&nbsp;Odhiambo",
])
def test_review19_new_sign_off_forms_end_the_quiz(off: str) -> None:
    assert kept(QUIZ.format(p=PROSE, off=off), [0.1, 0.1, 0.97, 0.97, 0.97, 0.85])[-1] is True


# ---- change 5: a pitch word in a story's title ------------------------------------------------------------------

GIFT = ("This December, give someone you love a year of The Lantern. Gift subscriptions start at five dollars a month, "
        "and every one pays for our reporting on the council, the schools and housing.")


@pytest.mark.parametrize("title", ["## Our membership drive ends Friday", "## Unlock premium: meet Lantern Plus",
                                   "**[Give the gift of The Lantern](https://l.example/g)**"])
def test_review19_a_self_promo_items_title_is_not_rescued_by_its_missed_body(title: str) -> None:
    md = f"# Issue\n\n{PROSE}\n\n{title}\n\n{GIFT}\n\n[Give a gift](https://l.example/g)\n\n## News\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.97, 0.7, 0.99, 0.1, 0.1])[2] is False


# Session 19: the rule-made false drops left in the studied sets.


def test_a_titled_news_item_inside_a_mostly_dropped_section_stays() -> None:
    """A members' pitch whose section runs to the footer holds the issue's last story: a title, its picture and credit,
    a headline the model reads as news (set-e)."""
    story = ("**From the collection**\n\n![A clay tablet covered in tiny marks](https://m.example/t.jpg)\n\n"
             "*Tablet with recipes, ca. 1750 B.C. Clay.*\n\n**[Cooking a 3,000-Year-Old Stew](https://m.example/s)** "
             "One of the oldest recipe collections in the world, read again by a conservator and a chef who cooked all "
             "three of its stews in the museum's kitchen last winter.")
    tail = ("**Test your eye**\n\nWhich of these waves was painted last year?\n\n"
            "**New in the store:** silk scarves. Members save 20% with code WAVES.\n\n"
            "**Support the Museum.** Your gift cares for 1.5 million works. [Give today](https://m.example/g)\n\n"
            "[Instagram](https://m.example/i) | [Facebook](https://m.example/f)\n\n"
            "The Museum, 1000 Fifth Avenue, New York.\n\n"
            "Questions about your membership? Write to members@m.example.\n\n"
            "You are receiving this email because you signed up. [Unsubscribe](https://m.example/u)")
    md = (f"# Issue\n\n{PROSE}\n\n## Members see it first\n\nJoin today and preview the show before it opens.\n\n"
          f"{story}\n\n{tail}")
    probas = [0.1, 0.1, 0.96, 0.97, 0.07, 0.05, 0.22, 0.01, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
    assert kept(md, probas) == [True, True, False, False, True, True, True, True, *[False] * 8]
    # the same item the model finds less news-like (its story at 0.2), or under a sponsor's label, goes
    assert kept(md, [*probas[:7], 0.2, *probas[8:]])[4:8] == [False] * 4
    labelled = md.replace("**From the collection**", "SPONSORED\n\n**From the collection**")
    assert kept(labelled, [*probas[:4], 0.95, *probas[4:]])[4:9] == [False] * 5


R19_HEAD = f"# The Lantern\n\n{PROSE}\n\n"
R19_TAIL = "\n\n## Council\n\n" + PROSE
R19_FOOT = ("\n\n**Support The Lantern.** Become a member today. [Join](https://l.example/j)\n\n"
        "[Instagram](https://l.example/i) | [Facebook](https://l.example/f)\n\n"
        "The Lantern, 12 Main Street, Millbrook.\n\n"
        "You are receiving this email because you signed up. [Unsubscribe](https://l.example/u)")
R19_MEMBERS = "## Members see it first\n\nJoin today and preview the show.\n\n"


# Session 19, second review: pitches whose title the model keeps and one block it misses, and ads' sign-offs, stay with
# their mostly dropped section (each asserts what LABELLING.md wants).

R19_PITCHES = {
    "course": ("## From The Lantern\n\n**The Lantern Writing Workshop**\n\n"
               "Over eight Tuesday evenings this spring, our editors will walk a small group of local writers through "
               "reporting, structure and revision, and every participant leaves with a finished feature we may publish."
               "\n\n[Enroll now](https://l.example/w)\n\n**Lantern totes are back**\n\n"
               "Canvas, with the masthead, in three colours.\n\n[Shop now](https://l.example/s)",
               [0.97, 0.6, 0.15, 0.97, 0.95, 0.95, 0.99]),
    "donation": ("## Support local news\n\n**Why we ask**\n\n"
                 "The Lantern has covered city hall for eleven years without a paywall, and readers like you pay for "
                 "almost all of it. This month, a local family foundation will match every gift up to fifty thousand "
                 "dollars.\n\n[Donate](https://l.example/d)\n\n**Other ways to give**\n\n"
                 "Monthly, by check, or from your IRA.\n\n[Learn more](https://l.example/g)",
                 [0.97, 0.7, 0.2, 0.98, 0.9, 0.9, 0.99]),
    "event": ("## Events\n\n**Lantern Live: the housing panel**\n\n"
              "Join our housing reporter Dana Ruiz and three city council members on Thursday, May 12 at the Central "
              "Library for an evening about rents, zoning and what the new plan changes for tenants across the city."
              "\n\n[Get tickets](https://l.example/t)\n\n**Can't make it?**\n\nWe will stream it.\n\n"
              "[RSVP for the stream](https://l.example/r)",
              [0.97, 0.6, 0.2, 0.98, 0.9, 0.9, 0.99]),
    "own_job_ad": ("## Work at The Lantern\n\n**[Senior Reporter, Climate](https://l.example/jobs/1)**\n\n"
                   "The Lantern is looking for a reporter with five years of experience to cover climate, energy and "
                   "the region's water supply, working with our data desk. Full time, based in our downtown newsroom."
                   "\n\n[Apply by June 1](https://l.example/apply)\n\n**[Audience Editor](https://l.example/jobs/2)**"
                   "\n\nHelp grow our readership.\n\n[Apply](https://l.example/apply2)",
                   [0.96, 0.2, 0.3, 0.95, 0.92, 0.95, 0.97]),
    "sister_newsletters": ("## More newsletters you'll like\n\n**[The Ledger](https://l.example/ledger)**\n\n"
                           "Every Friday, our business editor walks through the week's deals, closings and openings in "
                           "the region, from the new plant in Millbrook to the fight over the mall, in five minutes of "
                           "reading.\n\n[Sign up free](https://l.example/s1)\n\n**[Table for Two](https://l.example/t2)**"
                           "\n\nRestaurant news, weekly.\n\n[Sign up free](https://l.example/s2)",
                           [0.97, 0.3, 0.2, 0.98, 0.9, 0.9, 0.99]),
    "ad_without_marker": ("## Tools for founders\n\n"
                          "**[Mercury: banking built for startups](https://ad.example/m?utm_source=lantern)**\n\n"
                          "Mercury gives founders free business checking, virtual cards and treasury accounts in one "
                          "place, with no minimum balance and no monthly fees, and it now issues corporate cards to "
                          "teams of any size.\n\n[Open an account](https://ad.example/m)\n\n"
                          "**[Gusto](https://ad.example/g)**\n\nPayroll in minutes.\n\n[Get started](https://ad.example/g2)",
                          [0.96, 0.4, 0.2, 0.97, 0.9, 0.9, 0.99]),
    "quiz_like": ("## Just for fun\n\n**Which came first?**\n\n"
                  "The Millbrook covered bridge or the old county courthouse on Main Street? Both went up in the same "
                  "decade, and both survived the flood of 1936. Reply with your pick; we will reveal it next week with "
                  "the story.\n\n**Last week's mystery photo**\n\n![Mystery](https://l.example/m.jpg)\n\n"
                  "It was the Elm Street water tower. Forty readers got it right.\n\n"
                  "Congratulations to Ann, Bo and Cy.",
                  [0.96, 0.7, 0.2, 0.95, 0.92, 0.95, 0.9]),
}


@pytest.mark.parametrize("name", list(R19_PITCHES))
def test_review19b_a_pitch_item_is_not_rescued_as_news(name: str) -> None:
    section, probas = R19_PITCHES[name]
    decided = kept(R19_HEAD + section + R19_TAIL, [0.1, 0.1, *probas, 0.1, 0.1])
    assert decided[2:-2] == [False] * len(probas), name
    assert decided[:2] == [True, True] and decided[-2:] == [True, True]


@pytest.mark.parametrize("bio", [
    "**Spring course: Writing the Personal Essay**\n\nEight weeks, online, starting March 4. Twelve seats.\n\n"
    "Maya Chen is a staff writer at The Lantern and the author of two essay collections; she has taught the course "
    "since 2019.\n\n[Enroll today](https://l.example/c)",
    "**Lantern Live: The Housing Summit**\n\nMay 12, Central Library. Early-bird tickets end Friday.\n\n"
    "Dana Ruiz is a housing reporter at The Lantern and will moderate the panel with three council members.\n\n"
    "[Get tickets](https://l.example/t)",
])
def test_review19b_an_instructors_or_speakers_bio_in_a_pitch_goes_with_it(bio: str) -> None:
    probas = [0.1, 0.1, 0.97, 0.95, 0.95, 0.3, 0.98, 0.1, 0.1]
    assert kept(R19_HEAD + "## Learn with us\n\n" + bio + R19_TAIL, probas)[2:7] == [False] * 5


@pytest.mark.parametrize("closing", [
    "Sleep well,  \nNora Hale  \nFounder, Lull Mattress Co.",
    "Rest well,  \nThe Lull team",
    "Drive safe,  \nMarco  \nGeneral Manager, Ridgeline Ford",
    "— Harbour Bank & Trust",
    "Cheers,  \nMarco  \nReserve at bistro-lune.com",
])
def test_review19b_an_ads_sign_off_goes_with_the_ad(closing: str) -> None:
    ad = ("## Deals\n\n**Meet the Lull Hybrid**\n\nCooling foam, 100 nights to try it, free returns.\n\n"
          "[See the mattress](https://lull.example/m)\n\n" + closing)
    assert kept(R19_HEAD + ad + R19_TAIL, [0.1, 0.1, 0.97, 0.95, 0.95, 0.98, 0.7, 0.1, 0.1])[6] is False


def test_review19b_a_pitch_ps_in_a_role_line_goes_with_the_appeal() -> None:
    appeal = ("## A note from our director\n\n**Our year-end campaign**\n\n"
              "We are 2,000 readers short of our goal of 10,000 members.\n\n[Chip in](https://l.example/d)\n\n"
              "Thank you,  \nLena Marsh  \nP.S. Every dollar is matched until midnight.")
    assert kept(R19_HEAD + appeal + R19_TAIL, [0.1, 0.1, 0.97, 0.95, 0.95, 0.98, 0.7, 0.1, 0.1])[6] is False


@pytest.mark.parametrize("sign_off", [
    "Fair winds,  \nPriya",
    "Be kind to your mind,  \nThe Lotus team",
    "See you cool cats tomorrow,  \nNoah, Grant and Corey",
    "Stay curious out there,<br>&#8212; Ana Ruiz",
])
def test_any_farewell_over_a_signature_ends_a_quiz_and_stays(sign_off: str) -> None:
    """Session 19, set-u (its false drops): sign-offs in words no list holds; the quiz ends at them."""
    md = f"# Issue\n\n{PROSE}\n\n## Quiz\n\nWhich river is longest?\n\n*Answer: b) the Tana.*\n\n{sign_off}\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.97, 0.97, 0.97, 0.3, 0.1]) == [True, True, False, False, False, True, True]


@pytest.mark.parametrize("line", [
    "Unscramble today's word,  \nLNAETP",  # the game itself: capitals are no signature
    "Happy saving,  \nThe Harbour Bank team",  # an ad's sign-off sells
    "Grab yours today,  \n[The Lotus team](https://l.example/s)",  # a link
    "The answer to last week's puzzle, for those still wondering:  \nPriya",  # no farewell ending in a comma
])
def test_near_misses_of_a_farewell_stay_in_the_quiz(line: str) -> None:
    md = f"# Issue\n\n{PROSE}\n\n## Quiz\n\nWhich river is longest?\n\n*Answer: b) the Tana.*\n\n{line}"
    assert kept(md, [0.1, 0.1, 0.97, 0.97, 0.97, 0.3])[5] is False, line


# -- session 20 -------------------------------------------------------------------------------------------------------
S20_PITCH = "**Every course, one price.** Join Plus for $9.90 a month. [Try Plus free for 7 days](https://e.com/p)"


def test_the_title_of_a_section_dropped_whole_goes_with_it() -> None:
    """A heading over a section whose every block is dropped goes where the model finds it at least half its
    threshold (an item is kept or dropped as a whole)."""
    md = f"# Issue\n\n{PROSE}\n\n## Domestika Plus\n\n{S20_PITCH}\n\n## Next\n\n{PROSE}"
    decided = decide(md, [0.1, 0.1, 0.6, 0.97, 0.1, 0.1])
    assert [k for k, _ in decided] == [True, True, False, False, True, True]
    assert decided[2][1].startswith("the title of a section dropped whole")


@pytest.mark.parametrize(("md", "probas"), [
    # the model finds the heading news-like (under half its threshold)
    (f"# Issue\n\n{PROSE}\n\n## Domestika Plus\n\n{S20_PITCH}\n\n## Next\n\n{PROSE}", [0.1, 0.1, 0.3, 0.97, 0.1, 0.1]),
    # a block of the section is kept
    (f"# Issue\n\n{PROSE}\n\n## Domestika Plus\n\n{S20_PITCH}\n\n{PROSE}\n\n## Next\n\n{PROSE}",
     [0.1, 0.1, 0.6, 0.97, 0.1, 0.1, 0.1]),
    # a heading ending in a colon introduces what is under it: it stays even if the model drops all of that
    (f"# Issue\n\n{PROSE}\n\n### Where to find Evan Spiegel:\n\n- [On Threads](https://t.example/e)\n\n## Next\n\n"
     f"{PROSE}", [0.1, 0.1, 0.6, 0.97, 0.1, 0.1]),
    # the issue's title
    (f"# Issue\n\n{S20_PITCH}", [0.6, 0.97]),
])
def test_near_misses_of_the_title_of_a_section_dropped_whole(md: str, probas: list[float]) -> None:
    decided = kept(md, probas)
    assert all(k for k, p in zip(decided, probas, strict=True) if p < 0.95), decided


@pytest.mark.parametrize("title", ["## Partner offer", "### Partner perk", "## Sponsor offers"])
def test_a_partners_offer_title_opens_a_paid_looking_section(title: str) -> None:
    """Session 20, set k: LABELLING.md's "Partner" marker in a title over copy and a call to act the model finds
    ad-like; the section goes with it."""
    md = (f"# Issue\n\n{PROSE}\n\n{title}\n\nTry Tallyup Analytics free for 30 days when you connect it. "
          f"[Start your free trial](https://click.example/l)\n\n## Next\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.3, 0.6, 0.1, 0.1]) == [True, True, False, False, True, True]


@pytest.mark.parametrize(("title", "body"), [
    ("## Partner spotlight", "Riverside Food Bank has worked with our students since 2019. "
                             "[Learn more about the partnership](https://u.example/p)"),
    ("## Partner deals", "- [Acme and Beta sign a $2B supply deal](https://t.example/1)\n"
                         "- [Gamma picks a new logistics partner](https://t.example/2)"),
    ("## Partner offer", "[Read the report](https://u.example/r)"),  # nothing sells or calls to act
])
def test_near_misses_of_a_partners_offer_title(title: str, body: str) -> None:
    """Session 20 review: a partner profiled, trade news, a section that sells nothing."""
    md = f"# Issue\n\n{PROSE}\n\n{title}\n\n{body}\n\n## Next\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.3, 0.3, 0.1, 0.1]) == [True] * 6


def test_a_partners_title_over_news_stays() -> None:
    """The section must look paid: a paragraph the model reads as news under it keeps it ("Our partners" never
    opens one: a nonprofit titles its partner organisations' news so)."""
    md = f"# Issue\n\n{PROSE}\n\n## Partner spotlight\n\n{PROSE}\n\n## Next\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.3, 0.1, 0.1, 0.1]) == [True] * 6
    md = f"# Issue\n\n{PROSE}\n\n## Our partners\n\n[Read their report](https://p.example/r)\n\n## Next\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.3, 0.6, 0.1, 0.1]) == [True] * 6


def test_a_paid_partner_line_discloses_its_item() -> None:
    """Session 20, set k: "*X is a paid partner of Y.*" under an item's copy marks the item from its title."""
    md = (f"# Issue\n\n{PROSE}\n\n## **2. Your emergency fund is losing a race**\n\nInflation ran at 3.1% last year. "
          "Sterling Savings pays 4.40% APY.\n\n*Sterling Savings is a paid partner of Robinhood Snacks. APY as of "
          f"4/20/2026.*\n\n## **3. Next story**\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.1, 0.1, 0.5, 0.1, 0.1]) == [True, True, False, False, False, True, True]


@pytest.mark.parametrize("line", [
    "The bank, which is a paid partner of the team, said deposits rose 4%.",  # not where the line starts
    "Sterling said last week it is a paid partner of the league.",
    "Nike is a paid partner of the federation through 2030, according to filings.",  # news (review)
    "*BetMGM is a paid partner of The Athletic. The Athletic maintains full editorial independence.*",
    "*Coinbase is a paid sponsor of the league, and its logo will appear on every shirt.*",
])
def test_a_story_that_names_a_paid_partner_is_no_disclosure(line: str) -> None:
    md = f"# Issue\n\n{PROSE}\n\n## Banking\n\n{line}\n\n## Next\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.1, 0.1, 0.1, 0.1]) == [True] * 6


def test_the_issues_closing_sign_off_ends_a_partners_offer() -> None:
    """Session 20, set k: "Happy building, The Notion team" after the house's pitches under a partner's offer closes
    the issue, not the section; under a sponsor's own title the sign-off is the ad's, at the end of the issue too."""
    md = (f"# Issue\n\n{PROSE}\n\n### Partner perk\n\nGet three months of Tallyup free. [Claim it](https://t.example/c)"
          "\n\nHappy building,  \nThe Notion team")
    assert kept(md, [0.1, 0.1, 0.8, 0.99, 0.02]) == [True, True, False, False, True]
    ad = (f"# Issue\n\n{PROSE}\n\n## Tallyup (Sponsored)\n\nGet three months of Tallyup free. "
          f"[Claim it](https://t.example/c)\n\nHappy building,  \nThe Tallyup team\n\n## Next\n\n{PROSE}")
    assert kept(ad, [0.1, 0.1, 0.8, 0.99, 0.02, 0.1, 0.1]) == [True, True, False, False, False, True, True]
    last = (f"# Issue\n\n{PROSE}\n\n## Tallyup (Sponsored)\n\nGet three months of Tallyup free. "
            "[Claim it](https://t.example/c)\n\nSee you inside,  \nThe Tallyup team")
    assert kept(last, [0.1, 0.1, 0.8, 0.99, 0.3]) == [True, True, False, False, False]


QUIZ20 = "## Take the quiz\n\nHow closely did you follow the news? [Take our 10-question quiz](https://q.example/q)"


@pytest.mark.parametrize("item", [
    "**Photo of the day:** A pair of bald eagles feed their chicks in a nest above a highway. *(Photo: AP)*",
    "**Weather lore:** “When the oak leaf is as big as a mouse’s ear, plant your corn.” Oaks leaf out as it warms.",
    "**Reader question:** “Why are there ants on my peony buds?” — Marjorie T.  \nThey are after the sugar.",
])
def test_an_item_under_a_rubric_of_its_own_ends_a_quiz(item: str) -> None:
    """Session 20, sets u and p: the next item of the issue, under a bold rubric that is no game's, ends a quiz that
    no heading closes, where the model keeps it."""
    md = f"# Issue\n\n{PROSE}\n\n{QUIZ20}\n\n{item}"
    assert kept(md, [0.1, 0.1, 0.99, 0.99, 0.7]) == [True, True, False, False, True]
    assert kept(md, [0.1, 0.1, 0.99, 0.99, 0.97]) == [True, True, False, False, False]  # the model drops it


@pytest.mark.parametrize("line", [
    "**Yesterday:** Canberra.",
    "**Tomorrow's theme:** European capitals. Brush up tonight and play again with us.",
    "**How you did:** 62% of readers picked B, the right answer, this week.",
    "**Answer:** B, the Loire.",
    "**Last week’s teaser:** The answer was 17. Well done to the 1,204 readers who wrote in.",
    "**Wednesday:** Which river, the longest entirely within one country, flows through Orléans?",
    "**Bonus question:** Who painted it?",
    "**Last week’s winner:** Jo from Ohio.",
])
def test_a_games_own_rubric_stays_in_the_quiz(line: str) -> None:
    md = f"# Issue\n\n{PROSE}\n\n## Quiz\n\nWhich river is longest?\n\n{line}"
    assert kept(md, [0.1, 0.1, 0.99, 0.99, 0.7])[4] is False, line


def test_a_rubric_before_the_game_is_played_is_the_quiz() -> None:
    """Session 20 review: "**Geography:** Name the river …" opens the quiz's questions; nothing has been asked yet."""
    md = (f"# Issue\n\n{PROSE}\n\n## Quiz\n\n**Geography:** Name the river that flows through Orléans and Tours "
          "to the sea.\n\n**Science:** Name the element that gives the Statue of Liberty its green colour.")
    assert kept(md, [0.1, 0.1, 0.99, 0.7, 0.7]) == [True, True, False, False, False]


def test_an_item_under_a_rubric_of_its_own_stays_in_a_mostly_dropped_section() -> None:
    """Session 20, set u: after a quiz link and the house's pitches, "**Photo of the day:** …" is the issue's, where
    the model keeps what comes after it (a correction, the sign-off)."""
    tail = "\n\n**Correction:** Yesterday's newsletter misstated the date of the debate. It is Sept. 29."
    md = (f"# Issue\n\n{PROSE}\n\n{QUIZ20}\n\n**Unlimited access, $1 a week.** [Subscribe now](https://s.example/s)"
          "\n\n**Listen:** Get the podcast in our app. [Get the app](https://s.example/a)"
          "\n\n**Give the gift of news.** [Give a subscription](https://s.example/g)"
          "\n\n**Photo of the day:** Lightning over the skyline as storms moved through early Wednesday." + tail)
    probas = [0.1, 0.1, 0.99, 0.99, 0.99, 0.99, 0.99, 0.7, 0.3]
    decided = decide(md, probas)
    assert [k for k, _ in decided] == [True, True, False, False, False, False, False, True, True]
    assert decide(md, [0.1, 0.1, 0.99, 0.5, 0.99, 0.99, 0.99, 0.7, 0.3])[7][0] is True  # a quiz that ends there
    pitch = md.replace("**Photo of the day:** Lightning", "**Member perk:** [Claim your tote](https://s.example/t)")
    assert kept(pitch, probas)[7] is False  # a rubric over a link is no such item
    assert kept(md.replace(tail, ""), probas[:-1])[7] is False  # the section's last block: the pitch's, maybe
    ad = (f"# Issue\n\n{PROSE}\n\n## Sterling Savings\n\nHigh-yield savings at 4.40% APY, no fees.\n\n**The bottom "
          "line:** Your savings should work as hard as you do, every single day.\n\n[Start saving](https://s.example/a)"
          "\n\n## Next\n\n" + PROSE)
    assert kept(ad, [0.1, 0.1, 0.97, 0.97, 0.6, 0.99, 0.1, 0.1])[4] is False  # over the ad's call to act (review)


@pytest.mark.parametrize("line", [
    "*Partner* · Maize Harbor Credit Union is offering alumni a 5.25% APY certificate through May 31. "
    "[Learn more](https://t.example/m)",
    "- **Partner:** [Stadium Supply Co. is taking 20% off official kits through Sunday](https://c.example/s)",
    "* **Sponsored:** [The 3 Questions to Ask Before You Refinance in 2026](https://l.example/r)",
    "**Paid post** | Five ways a heat pump pays for itself before winter. [Read more](https://p.example/h)",
])
def test_a_block_that_opens_with_a_paid_label_before_its_copy_goes(line: str) -> None:
    """Session 20, set k: LABELLING.md's "Partner" and "Sponsored" markers set off before the ad's copy."""
    decided = decide(f"# Issue\n\n{PROSE}\n\n{line}\n\n{PROSE}", [0.1, 0.1, 0.2, 0.1])
    assert [k for k, _ in decided] == [True, True, False, True]
    assert decided[2][1].startswith("opens with a paid-content label before its copy")


@pytest.mark.parametrize("line", [
    "**Partner:** Jane Smith, Head of Litigation",  # a name: a law firm's people
    "Partner: the firm said it would appeal the ruling next week.",  # a plain word opening a sentence
    "**Sponsor:** Rep. Ana Lopez (D-Austin) would cap rent increases at 5% a year.",  # a bill's sponsor
    "**Promoted:** Dana Ruiz to vice president of sales at Harbor Freightways.",  # a trade letter's people moves
    "**Partner** · Kestrel",  # no copy
])
def test_near_misses_of_a_paid_label_before_copy(line: str) -> None:
    assert kept(f"# Issue\n\n{PROSE}\n\n{line}\n\n{PROSE}", [0.1, 0.1, 0.2, 0.1]) == [True] * 4


def test_a_paid_label_before_copy_over_the_issues_first_paragraph_names_its_sponsor() -> None:
    md = f"*Sponsored* · Kestrel Freight keeps your supply chain moving, every day of the year.\n\n# Issue\n\n{PROSE}"
    assert kept(md, [0.2, 0.1, 0.1]) == [True] * 3


def test_a_quiz_answer_naming_a_sponsor_makes_no_section_paid() -> None:
    """Session 20, set u: "Quorum was a sponsor, not a treat" in yesterday's answer does not make the quiz section
    paid, so the issue's sign-off after it stays; a sponsor's own line there still does."""
    md = (f"# Issue\n\n{PROSE}\n\n# Quick Quiz\n\n**How many tokens was it trained on?**  \nA) 210 billion  \n"
          "B) 2.1 trillion\n\n*Yesterday’s answer: C, Quorum was a sponsor, not a treat.*\n\n"
          "**What did you think of today’s email?**  \n[Great](https://x.example/1) [Meh](https://x.example/2)\n\n"
          "See you cool cats tomorrow,  \nNoah, Grant and Corey")
    probas = [0.1, 0.1, 0.98, 0.98, 0.99, 0.99, 0.1]
    assert kept(md, probas) == [True, True, False, False, False, False, True]
    paid = md.replace("*Yesterday’s answer: C, Quorum was a sponsor, not a treat.*",
                      "*Today’s quiz is sponsored by Quorum.*")
    assert kept(paid, probas)[6] is False


# -- session 21 -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("note", [
    "*Editor’s note: Last week’s issue gave the wrong date for the Hart House open house. It is Oct. 17.*",
    "*Update:* Monday’s item on the lake-bed dust proposal has been updated: the committee hearing moved to Thursday.",
    "**Clarification:** Yesterday’s story misstated the size of the grant. It is $2 million, not $20 million.",
])
def test_an_update_that_corrects_an_earlier_item_is_a_correction(note: str) -> None:
    """Session 21, set v: an editor's note or update naming the earlier item it corrects is kept like a correction,
    in a mostly dropped section and where it closes a quiz that no heading ends."""
    assert decide(f"# Issue\n\n{PROSE}\n\n{note}\n\n{PROSE}", [0.1, 0.1, 0.99, 0.1])[2] == (
        True, "a correction, kept (model p=0.99)")
    quiz = (f"# Issue\n\n{PROSE}\n\n## Utah trivia\n\n**What year did the causeway open?** Reply with your guess.\n\n"
            f"*Yesterday’s answer:* Davis County.\n\n{note}\n\nThanks for reading. See you tomorrow.  \n— Holly")
    assert kept(quiz, [0.1, 0.1, 0.99, 0.99, 0.99, 0.7, 0.2]) == [True, True, False, False, False, True, True]
    # the game goes on after it (review): the note stays, the quiz's answer below it still goes
    more = quiz.replace("\n\nThanks for reading.", "\n\n**Answer:** Canberra, chosen as a compromise in 1908."
                        "\n\nThanks for reading.")
    assert kept(more, [0.1, 0.1, 0.99, 0.99, 0.99, 0.7, 0.6, 0.2]) == [True, True, False, False, False, True, False,
                                                                       True]


@pytest.mark.parametrize("note", [
    "*Update:* our spring sale has been extended through Sunday. Use code SPRING for 20% off.",  # a code: a pitch
    "*Editor’s note:* This story was updated with a comment from the mayor.",  # names no earlier item
    "**Update:** Last week’s issue is on the web. [Read it here](https://e.example/w)",  # a link, no change said
    "*Note:* Monday’s item has been updated.",  # not an update's or an editor's label
    # a game's own note (review)
    "*Editor’s note:* Yesterday’s issue gave the wrong answer to the quiz question on the longest river.",
])
def test_near_misses_of_an_update_that_corrects(note: str) -> None:
    assert decide(f"# Issue\n\n{PROSE}\n\n{note}\n\n{PROSE}", [0.1, 0.1, 0.99, 0.1])[2][0] is False


def test_the_publications_episode_stays_in_a_mostly_dropped_section() -> None:
    """Session 21, set v: after a quiz and a webinar's ad, the house's podcast episode described by its subject (the
    model keeps it) stays; under a heading that names a sponsor it is the sponsor's."""
    md = (f"# Issue\n\n{PROSE}\n\n### Pop Quiz\n\n**Which state fined the most hospitals?**  \nA) Texas  \nB) Ohio"
          "\n\n**Webinar** | July 29  \n[Prior auth at scale](https://w.example/1) Sponsored by Arvenda."
          "\n\n🎧 **Podcast Pulse:** On this week’s episode, reporter Dev Anand talks with a former official about "
          "why site-neutral payment is back on the table. [Listen now](https://w.example/2)"
          "\n\n**Get more Fierce:** sign up for our other newsletters. [Subscribe](https://w.example/3)")
    probas = [0.1, 0.1, 0.98, 0.9, 0.99, 0.49, 0.97]
    assert kept(md, probas) == [True, True, False, False, False, True, False]
    paid = md.replace("### Pop Quiz", "### Presented by Arvenda")
    assert kept(paid, probas)[5] is False


@pytest.mark.parametrize("lead", [
    "**A word from this week&#8217;s sponsor:**",
    "**A word from this week’s sponsor:**",
    "**This issue’s sponsor:**",
    "**A quick word from our sponsor:**",
])
def test_a_creators_label_for_the_issues_sponsor_drops_its_block(lead: str) -> None:
    """Session 21, set v: "**A word from this week's sponsor:** Fernway makes resoleable boots …" is the ad."""
    line = (f"{lead} Fernway makes resoleable leather boots in Portland, built for people who leave the trail. "
            "[Try a pair for 60 days](https://f.example/u)")
    decided = decide(f"# Issue\n\n{PROSE}\n\n{line}\n\n{PROSE}", [0.1, 0.1, 0.3, 0.1])
    assert [k for k, _ in decided] == [True, True, False, True]
    assert decided[2][1].startswith("opens with a banner naming its sponsor")


@pytest.mark.parametrize("line", [
    "**Our sponsors make this newsletter free** for 40,000 readers, and we thank them.",  # no label ending in ":"
    "**This week’s sponsors** of the county fair include three banks and a feed store, the board said.",
    "Our sponsor this week, the Harbor Trust, also funds the city's library programme.",  # no lead-in label
    # review: a label over news, with no button or ad's mark; plural sponsors; a banner's words, as before
    "**Our sponsor:** Harbour Building Society has renewed its front-of-shirt deal for three more seasons, the club "
    "confirmed on Tuesday.",
    "**This week's sponsors:** Sens. Brandon Creighton and Royce West filed SB 2 on Monday; a hearing is set for "
    "March 4. [Read the bill](https://c.example/sb2)",
    "**Our sponsors:** Thanks to Harbor Bank and Cedar Credit Union, this year's Turkey Trot raised $48,000 for meals.",
    "**A word from our sponsor:** there isn't one this week. I turned down two ad offers that did not fit.",
    "**Our sponsor:** Harbour Building Society renewed its shirt deal, the club said. [Get the full story]"
    "(https://c.example/s)",  # a link to read, not a button (re-review)
])
def test_near_misses_of_a_creators_sponsor_label(line: str) -> None:
    assert kept(f"# Issue\n\n{PROSE}\n\n{line}\n\n{PROSE}", [0.1, 0.1, 0.5, 0.1]) == [True] * 4


def test_a_paid_label_over_cards_closed_by_buttons_drops_them() -> None:
    """Session 21, set v: "PARTNER" over a hotel's card and a rental car's, each closed by a booking button and
    found ad-like by the model; the member news under them stays."""
    md = (f"# Issue\n\n{PROSE}\n\n[Read the full guide](https://a.example/g)\n\nPARTNER\n\n"
          "[![Tidemark Hotels](https://a.example/t.png)](https://a.example/t)  \nStay at Tidemark Hotels this winter "
          "and earn 3x miles per night. [Book your stay](https://a.example/b)\n\n**Save 25% on your next rental car** "
          "with Summitline when you book by Nov. 30. [Reserve a car](https://a.example/r)\n\n*Mileage Plan members: "
          "starting Jan. 1, elite status will count miles flown on partner airlines.*")
    probas = [0.1, 0.1, 0.4, 0.8, 0.85, 0.85, 0.8]
    assert kept(md, probas) == [True, True, True, False, False, False, True]
    assert kept(md, [0.1, 0.1, 0.4, 0.8, 0.5, 0.85, 0.8])[3:5] == [True, True]  # the model reads the first as news
    read = md.replace("[Book your stay]", "[Read the review]").replace("[Reserve a car]", "[Read more]")
    assert kept(read, probas)[3:6] == [True, True, True]  # cards closed by a link to read are stories
    deals = md.replace("[Book your stay]", "[Shop now]").replace("[Reserve a car]", "[Get the deal]")
    assert kept(deals, probas)[3:6] == [True, True, True]  # a deals letter's picks (review)


def test_a_correction_inside_a_quiz_that_goes_on_stays_and_the_game_still_goes() -> None:
    """Session 21 re-review: an editor's note between a quiz's questions stays; the questions and answers after it are
    still the game's."""
    md = (f"# Issue\n\n{PROSE}\n\n## Friday quiz\n\n**1. Which company bought the chip maker?**\n\n"
          "*Editor’s note:* Yesterday’s issue gave the wrong figure for the deal. It was $2 billion.\n\n"
          "**2. Which airline ordered 40 jets?**\n\n**Answers:** 1. Apple 2. Delta")
    assert kept(md, [0.1, 0.1, 0.99, 0.95, 0.5, 0.95, 0.95]) == [True, True, False, False, True, False, False]


@pytest.mark.parametrize("title, body", [
    ("## Chairside Challenge", "**Which primary tooth is usually the last to exfoliate?** Reply with your answer; "
     "we’ll print the first correct name tomorrow.\n\n**Monday’s answer:** The mesiobuccal root of the maxillary "
     "first molar. First correct: Dr. Anh Tran, Lubbock, TX."),
    ("## Morning Jumble", "**Unscramble today’s word:** T H O U S E G H I L (hint: it has stood at the end of the pier "
     "since 1871)\n\n*Monday’s answer:* DRIFTWOOD"),
    ("## Know the ropes?", "**Which knot is known as the “king of knots” by sailors?** (a) Clove hitch (b) Bowline "
     "(c) Sheet bend\n\n*Last week’s answer:* (b) The bowline: it won’t slip or jam, and unties easily."),
    ("## Bug hunt", "This rollout rule sends 100% of users to the new checkout instead of 10%. Reply with your "
     "answer.\n\n*Last month’s answer:* the rule compared a string with an integer, so it never matched."),
])
def test_a_quiz_under_a_title_of_its_own_is_a_game(title: str, body: str) -> None:
    """Session 21, set w: a short section under a heading that names no game, whose blocks ask the reader to play and
    give an answer, is a quiz."""
    md = f"# Issue\n\n{PROSE}\n\n{title}\n\n{body}\n\n## Next\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.3, 0.4, 0.4, 0.1, 0.1]) == [True, True, False, False, False, True, True]


@pytest.mark.parametrize("title, body", [
    # an advice column: the reader's question and the expert's answer ask the reader nothing
    ("## Ask the vet", "**Why does my dog eat grass?** — Dana, Tacoma\n\n**Answer:** Most dogs eat grass because they "
     "like it; it is rarely a sign of illness, says Dr. Lee."),
    # a reader poll and its result
    ("## Your say", "Should the city ban gas leaf blowers? Can you guess how your neighbours voted? Reply yes or no."
     "\n\n*Last week’s answer:* 62 percent of you said the library should open on Sundays."),
    # review: a bare "Answer:" is a column's; a reader's signed question; "Guess who"; a poll's votes; readers' picks
    ("## Ask the vet", "**My dog keeps eating grass and no one has an answer. Is he sick?**\n\n**Answer:** Probably "
     "not; most dogs eat grass because they like it."),
    ("## You asked", "**Can you find out why the light at Elm and 5th takes so long?** — Raj Patel, Eastside\n\n"
     "*Last week’s answer:* the city retimed the signal on Elm after your emails."),
    ("## Saturday preview", "Guess who is starting at quarterback? The coach would not say on Friday.\n\n"
     "**Last week’s answer:** We picked the Hawks by 7; they won by 10."),
    ("## The Big Question", "(a) Yes (b) Only in summer (c) No ban. Hit reply with your pick.\n\n"
     "**Last week’s answer:** Keep the library open Sundays, 412 votes to 97."),
    ("## Best patio", "Can you name a restaurant that deserves more love? Reply with your answer.\n\n"
     "*Last week’s answer:* You named Luca’s on Main, Bao House and the Dockside Grill."),
    ("## Today’s solution", "Can you guess how one county filled six posts? Reply with your guess.\n\n"
     "**Today’s solution:** Marion County pays a signing bonus to new deputies."),
    # re-review: "your answer" said by the column, "can you …" in a reader's letter or a fact check, a correction
    ("## Mailbag", "Got a question about the city? Email us and we’ll find your answer.\n\n*Last week’s answer:* "
     "The Elm Street light was retimed in March."),
    ("## Ask the mechanic", "My 2014 Civic makes a grinding noise when I brake. Can you identify what’s wrong?\n\n"
     "*Last week’s answer:* a worn pad sensor; Honda will replace the part free."),
    ("## Fact check", "A viral post claims the levy doubled. Can you spot the error? The post misreads the budget.\n\n"
     "*Yesterday’s answer:* the levy rose by a tenth."),
    ("## Correction", "Monday’s item misstated the date of the school board vote. It is Oct. 4. Reply with your "
     "questions.\n\n**Monday’s answer:** The board meets at 7 p.m. at City Hall."),
    # a story with a question in its headline and no answer
    ("## Can you spot the difference?", "Two paintings hang side by side at the museum; one is a forgery, and the "
     "curators say few visitors notice.\n\nThe show runs through May. [Read more](https://m.example/f)"),
])
def test_near_misses_of_a_quiz_under_a_title_of_its_own(title: str, body: str) -> None:
    md = f"# Issue\n\n{PROSE}\n\n{title}\n\n{body}\n\n## Next\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.3, 0.4, 0.4, 0.1, 0.1]) == [True] * 7


# -- session 22 -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("footer", [
    "Bramble &amp; Skein Ltd, 9 Market Street, Hebden Bridge, HX7 6EU, United Kingdom<br>No longer want these emails? "
    "[Unsubscribe](https://k.example/u)",
    "&copy; 2026 Bramble & Skein Media LLC<br>2261 Market Street #5532, San Francisco, CA 94114",
])
def test_the_wordmark_is_named_by_a_footer_written_with_entities(footer: str) -> None:
    """Session 22, set w: the footer names the wordmark as the reader reads it ("&amp;" is "&"), with a legal form
    before the street number, or after the copyright sign on the address line."""
    md = (f"[![Bramble & Skein](https://k.example/logo.png)](https://k.example)\n\n# Autumn colours\n\n{PROSE}\n\n"
          f"{PROSE}\n\n[Unsubscribe](https://k.example/u)\n\n{footer}")
    assert kept(md, [0.8, 0.1, 0.1, 0.1, 0.99, 0.6])[0] is False


def test_a_venues_address_in_an_events_list_names_no_wordmark() -> None:
    """Session 22 review: the lead photo of Riverside Park stays though "Riverside Park, 200 Elm St" opens a line of
    the events list at the end of the issue."""
    md = (f"![Riverside Park](https://s.example/park.jpg)\n\n# Springfield Weekend\n\n{PROSE}\n\n## Where to go\n\n"
          "Riverside Park, 200 Elm St: Lantern Walk encore, Saturday 8 p.m., free\n\n"
          "Lincoln Library, 326 S 7th St: spring plant swap, Sunday 1 p.m.\n\n"
          "You're receiving this because you signed up. [Unsubscribe](https://s.example/u)")
    assert kept(md, [0.5, 0.1, 0.1, 0.1, 0.2, 0.2, 0.99])[0] is True


SPONSORED_ISSUE = ("**Together with** [![Halyard Savings](https://b.example/halyard.png)](https://b.example/h)\n\n"
                   f"Hey friends, {PROSE}\n\n## The case against a big cushion\n\n{PROSE}\n\n")


def test_a_title_naming_the_issues_sponsor_takes_the_sponsors_item() -> None:
    """Session 22, set w: "Together with Halyard Savings" at the top, "# A word from Halyard Savings" over its copy
    and button further down: the sponsor's section, up to the next heading."""
    md = (SPONSORED_ISSUE + "# **A word from Halyard Savings**\n\nYour emergency fund shouldn't be napping. Halyard's "
          "high-yield account pays 4.10% APY with no fees.\n\n[**Open an account in 5 minutes**](https://b.example/o)"
          f"\n\n### What you'll need\n\n{PROSE}")
    decided = decide(md, [0.99, 0.1, 0.1, 0.1, 0.5, 0.8, 0.95, 0.1, 0.1])
    assert [k for k, _ in decided] == [False, True, True, True, False, False, False, True, True]
    assert decided[4][1].startswith("a title naming the issue's sponsor")


@pytest.mark.parametrize("title, body", [
    # the sponsor's own news, under its name (review): the model reads it as news
    ("### Halyard Savings", f"Halyard Savings reported deposits of $2.8 billion, up 26%. {PROSE}\n\n"
                            "[Read the release](https://b.example/r)"),
    ("## Thanks to Halyard Savings", "Halyard Savings staff volunteered 300 hours at our warehouse this spring, and "
                                     f"the branch manager said they would be back. {PROSE}\n\n"
                                     "[See the photos](https://b.example/p)"),
    # a headline about the sponsor is no title of its
    ("## Halyard Savings raises its rate", f"{PROSE}\n\n[Open an account](https://b.example/o)"),
])
def test_near_misses_of_a_title_naming_the_issues_sponsor(title: str, body: str) -> None:
    md = SPONSORED_ISSUE + f"{title}\n\n{body}\n\n## Next\n\n{PROSE}"
    assert kept(md, [0.99, 0.1, 0.1, 0.1, 0.3, 0.2, 0.6, 0.1, 0.1])[4:] == [True] * 5


def test_an_editorial_partner_is_no_sponsor_for_a_title() -> None:
    """Session 22 review: "In partnership with ProPublica" names a newsroom; "## A word from ProPublica" over its
    stories stays."""
    md = ("**In partnership with** [ProPublica](https://p.example)\n\n"
          f"Good morning. {PROSE}\n\n## A word from ProPublica\n\n[Inside the company that runs jail health care]"
          "(https://p.example/a)\n\n[Get the full investigation](https://p.example/b)")
    assert decide(md, [0.6, 0.1, 0.3, 0.95, 0.95])[2] == (True, "model p=0.30")
    sponsor = md.replace("**In partnership with**", "**Together with**")  # a sponsor's banner: its item
    assert decide(sponsor, [0.6, 0.1, 0.3, 0.95, 0.95])[2][0] is False


def test_classified_ads_read_by_their_contacts() -> None:
    """Session 22, set w: under "## Classifieds", a list of ads that give telephone numbers (no links) is an ad; the
    ads run on while each block gives a contact, not over a correction or the sign-off after them (review)."""
    md = (f"# Sunrise\n\n{PROSE}\n\n## Classifieds\n\n* **FIREWOOD** Seasoned oak, $240 a cord. 231-555-0142.\n"
          "* **FOR RENT** Two-bedroom flat, heat included. 231-555-0187.\n\n**LOST:** Gray tabby cat near Elm St. "
          "Call 231-555-0190.\n\n**Correction:** Last week's issue gave the wrong number for the senior center. "
          "It is 231-555-0133.\n\nThe library's summer hours start June 1.\n\nThat's it for today. See you tomorrow."
          "  \n— Renata")
    assert kept(md, [0.1, 0.1, 0.1, 0.4, 0.4, 0.2, 0.1, 0.1]) == [True, True, False, False, False, True, True, True]
    # without contacts it is a title over news, as before
    news = md.replace(" 231-555-0142.", "").replace(" 231-555-0187.", "")
    assert kept(news, [0.1, 0.1, 0.1, 0.4, 0.4, 0.2, 0.1, 0.1])[2:4] == [True, True]


def test_the_title_of_a_section_the_model_drops_whole_and_surely_goes_with_it() -> None:
    """Session 22, set w: "## Members' Evening" over copy and a sponsor's picture the model drops at its threshold:
    the title goes too (before, only where a block of the section sells); under it, a section the model keeps in part,
    or drops below its threshold, keeps its title."""
    md = (f"# Members' News\n\n{PROSE}\n\n## Members’ Evening: Lanterns on the Wharf\n\nSunset drinks, after-hours "
          "galleries and a first look at the new case. Friday, May 29.\n\n"
          "![Gallery supported by Brackwater Marine](https://m.example/s.png)\n\n## Next\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.85, 0.95, 0.99, 0.1, 0.1])[2] is False
    assert kept(md, [0.1, 0.1, 0.85, 0.85, 0.99, 0.1, 0.1])[2] is True  # the copy dropped by a rule, not the model
    assert kept(md, [0.1, 0.1, 0.3, 0.95, 0.99, 0.1, 0.1])[2] is True  # the model keeps the title


@pytest.mark.parametrize("line, poll", [
    ("Was this update useful? [👍 Yes](https://c.example/y) [👎 No](https://c.example/n)", True),
    ("How was today's Dawn? [Great](https://c.example/g) [Okay](https://c.example/o) [Meh](https://c.example/m)", True),
    ("Did you find this email helpful? [Yes](https://c.example/y) | [Not really](https://c.example/n)", True),
    # a reader poll about the news, and a question over links to stories
    ("Was this week's council vote fair? [Yes](https://c.example/y) [No](https://c.example/n)", False),
    ("How was this week's tournament? [Great](https://c.example/g) [Meh](https://c.example/m)", False),  # review
    ("Was this update useful? [Read the release notes](https://c.example/r) [See the docs](https://c.example/d)",
     False),
])
def test_a_feedback_poll_in_one_line_is_chrome(line: str, poll: bool) -> None:
    """Session 22, set w: the question about the issue and its ratings in one block."""
    assert kept(f"# Issue\n\n{PROSE}\n\n{line}\n\n{PROSE}", [0.1, 0.1, 0.5, 0.1])[2] is (not poll)


def test_a_picture_quiz_under_a_question_title_whose_answer_names_its_winners() -> None:
    """Session 22, set x: "# Where am I?" over a photo and "Last week: … Eleven of you got it; first in was Dev" is
    a game; the issue's sign-off after it ("Run well,<br>The Harrier Lane committee") stays."""
    md = (f"# The Split Sheet\n\n{PROSE}\n\n# **Where am I?**\n\n![A stone bridge over a stream](https://h.example/b.jpg)"
          "<br>This week's photo is on one of our Sunday routes. Reply with the spot.\n\nLast week: the pavilion steps "
          "at Nonsuch Park. Eleven of you got it; first in was Dev Mahapatra.\n\nRun well,<br>The Harrier Lane "
          "committee")
    assert kept(md, [0.1, 0.1, 0.3, 0.3, 0.2, 0.1]) == [True, True, False, False, False, True]
    # a travel column's question title, its answer naming no winners, stays
    column = md.replace("Eleven of you got it; first in was Dev Mahapatra.", "We walked it in the rain.")
    assert kept(column, [0.1, 0.1, 0.3, 0.3, 0.2, 0.1]) == [True] * 6


def test_a_question_and_last_rounds_answer_in_one_block_under_a_title() -> None:
    """Session 22, set x: "# Whose crosshair?" over one block that asks and, on its next line, gives last week's
    answer with its winners."""
    md = (f"# Clutch Frame\n\n{PROSE}\n\n# **Whose crosshair?**\n\nGreen, dot only, size 1. Which finalist uses it? "
          "Reply with your answer.<br>Last week's answer: it was Northgale's vesper. 214 of you got it right.\n\n"
          f"# **Mailbag**\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.3, 0.6, 0.3, 0.1]) == [True, True, False, False, True, True]


@pytest.mark.parametrize("game, answer", [
    ("**Offtake quiz:** Which country installed the most heat pumps per household in 2025? Reply with your guess; "
     "we'll name the first correct reader next week.",
     "**Last week's answer:** Chile. Congratulations to Ravi Menon-Holt, who got it first."),
    ("**The Green Gate cryptic:** Alumnus returns with a river bird, but no head (6). Answer next month.",
     "**September's answer:** OXBOW. Forty-one of you solved it."),
    ("**Guess the grape:** Pale, smells of rose petals and lychee, often from Alsace. Reply with your guess.",
     "**Last time:** it was Chenin Blanc. Well done to Hamish Tordoff, whose bottle is behind the till."),
    ("**Health trivia:** Which vitamin does your skin make in the sun?", "**Answer:** Vitamin D."),
])
def test_the_last_games_answer_goes_with_the_game_beside_it(game: str, answer: str) -> None:
    """Session 22, set x: a game the model or a rule drops, and the last round's answer (or a bare answer right under
    a quiz's label) next to it."""
    md = f"# Issue\n\n{PROSE}\n\n{game}\n\n{answer}\n\nThat's all for this week. See you next Tuesday.  \n— Priyanka"
    assert kept(md, [0.1, 0.1, 0.97, 0.5, 0.1]) == [True, True, False, False, True]


@pytest.mark.parametrize("before, after", [
    # a recap after an ad: no winners named
    ("**Presented by Northbay Heating.** Book a furnace tune-up for $89. [Book now](https://n.example/b)",
     "Last week: the council voted 5-2 to close Elm Street to cars on Sundays."),
    # a reader's question the model drops, and the column's answer
    ("**Q: My dog keeps eating grass. Is he sick?**", "**Answer:** Probably not; most dogs eat grass because they "
                                                      "like it."),
    # review: a recap's praise is no game's winners; a mailbag's question with choices, and its answer
    ("**Sponsored by Green Valley Realty.** Thinking of selling? [Get a free valuation](https://g.example/v)",
     "**Last week:** the board voted 5-2 to keep the library open on Saturdays. Congratulations to the parents' "
     "association."),
    ("**I'm torn between three mortgage offers. Which would you pick?**<br>a) a two-year fix<br>b) a five-year fix"
     "<br>c) a tracker", "**Answer:** The two-year fix. With rates expected to fall, short is cheaper."),
    ("**Club trivia:** In which year did the club play its first match? Reply with your guess!",
     "**Last month:** the U12s beat Westfield 3-1 to win the county cup. Well done to every player."),
])
def test_near_misses_of_an_answer_beside_a_game(before: str, after: str) -> None:
    md = f"# Issue\n\n{PROSE}\n\n{before}\n\n{after}\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.97, 0.3, 0.1])[3] is True


@pytest.mark.parametrize("line, pitch", [
    ("Our four-week childbirth class covers labor and the first days at home. $40 per couple; classes start Feb. 3. "
     "[Register](https://h.example/r)", True),
    ("Our free online event returns on 23 April, with panellists from pharma and academia. "
     "[Save your place](https://h.example/s)", True),
    # no price or place said; an events listing in the paper's voice; a story's link to read
    ("Our four-week childbirth class covers labor and the first days at home. [Register](https://h.example/r)",
     False),
    ("The library's free film night is back on Friday, with popcorn. [Register](https://h.example/r)", False),
    ("Our reporters spent $40 on groceries at six stores to compare prices. [Read the story](https://h.example/s)",
     False),
    # a deals letter's picks in its own voice (review)
    ("Our favourite air fryer, the Ninja AF101, is down to $40 today at Amazon. [Shop now](https://h.example/a)",
     False),
    ("We're big fans of this $25 Lodge skillet, free shipping for Prime members. [Buy now](https://h.example/b)",
     False),
])
def test_the_houses_own_offer_in_its_own_voice(line: str, pitch: bool) -> None:
    """Session 22, set x: "our" class or event with a price, a free place or tickets, closed by a button that sells,
    where the model leans to dropping it."""
    assert kept(f"# Issue\n\n{PROSE}\n\n{line}\n\n{PROSE}", [0.1, 0.1, 0.6, 0.1])[2] is (not pitch)
    assert kept(f"# Issue\n\n{PROSE}\n\n{line}\n\n{PROSE}", [0.1, 0.1, 0.3, 0.1])[2] is True  # the model keeps it


@pytest.mark.parametrize("line, furniture", [
    ("[Share Panel Bleed](https://s.example/share)", True),
    ("[Share now](https://s.example/share)", True),
    ("[(Share this Tiny Thought on Twitter)](https://s.example/t)", True),
    ("Hiring? [Post a job on Docket Dawn Careers](https://d.example/j) and reach 140,000 lawyers.", True),
    ("Hiring? [Post your role](https://d.example/j) to 140,000+ finance professionals.", True),
    ("Club partner<br>[![Stridewell Physio](https://h.example/logo.png)](https://h.example/s)", True),
    # a story's link, a question that offers no job post, a partner named in a sentence, the label over copy
    ("[Shared offices are back, and landlords are rethinking leases](https://s.example/story)", False),
    ("Hiring? The Fed says employers added 200,000 jobs in May. [Read more](https://d.example/r)", False),
    # review: headlines that start with "Share", news that speaks of posting jobs later on
    ("[Share prices slide as Fed holds rates](https://r.example/story)", False),
    ("- [Share buyback boom cools](https://w.example/story)", False),
    ("Hiring? Local restaurants say they can't post enough jobs to fill their kitchens. [Read the full story]"
     "(https://d.example/r)", False),
    ("Hiring? The county job fair on Saturday lets employers post open positions for free. [Details]"
     "(https://d.example/d)", False),
    ("Our partner schools will open their libraries on Saturdays this summer.", False),
    ("Club partner<br>Stridewell Physio gives members 15% off a first assessment through April.", False),
])
def test_share_buttons_job_post_pitches_and_partner_labels(line: str, furniture: bool) -> None:
    """Session 22, set x: a link alone that shares the issue, a pitch to post a job with the publication, a partner's
    or sponsor's label alone or over its logo; every such block of the corpus and the synthetic sets is dropped."""
    assert kept(f"# Issue\n\n{PROSE}\n\n{line}\n\n{PROSE}", [0.1, 0.1, 0.7, 0.1])[2] is (not furniture)
    if "artner" in line:  # a label the model keeps stays (session 12 review)
        assert kept(f"# Issue\n\n{PROSE}\n\n{line}\n\n{PROSE}", [0.1, 0.1, 0.5, 0.1])[2] is True


@pytest.mark.parametrize("label", ["Sponsor", "PARTNER", "Our partners"])
def test_a_bare_partner_label_goes_with_the_item_under_it(label: str) -> None:
    """Session 22, sets a, q, x: "Sponsor" alone over the ad the model drops goes with it; over an item that stays,
    or where the model keeps the label, it stays."""
    md = f"# Issue\n\n{PROSE}\n\n{label}\n\nTry Acme free for 30 days. [Start now](https://a.example/s)\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.7, 0.95, 0.1]) == [True, True, False, False, True]
    assert kept(md, [0.1, 0.1, 0.7, 0.5, 0.1]) == [True] * 5
    assert kept(md, [0.1, 0.1, 0.5, 0.95, 0.1]) == [True, True, True, False, True]


def test_a_picture_games_title_over_last_rounds_answers_is_a_game() -> None:
    """Session 22, set x: "# Spot the difference" with its panels over "November's answers: …": a game up to the
    sign-off; a "Spot the difference" title over a story (no answer under it) stays."""
    md = (f"# Panel Bleed\n\n{PROSE}\n\n# **Spot the difference**<br>![Two near-identical panels](https://p.example/d.png)"
          "<br>There are seven differences. Answers next month.\n\n<em>November&#8217;s answers:</em> the clock hands, "
          "the missing loaf, the dog's left ear.\n\nStay warm, keep drawing.<br>Odile")
    assert kept(md, [0.1, 0.1, 0.3, 0.4, 0.2]) == [True, True, False, False, True]
    story = (f"# Issue\n\n{PROSE}\n\n## Spot the difference: two budgets\n\n{PROSE}\n\n"
             "The council votes on Tuesday. [Read more](https://p.example/r)")
    assert kept(story, [0.1, 0.1, 0.3, 0.2, 0.2]) == [True] * 5
    # a story under such a title, with a game's answer further down its section (review)
    back = (f"# Issue\n\n{PROSE}\n\n## Guess who's back at the farmers market\n\nThe Hendersons return with "
            "their peaches after a year off.\n\n**Last week's answer:** the old mill. Congrats to Pam, who got it "
            f"first!\n\n## Next\n\n{PROSE}")
    assert kept(back, [0.1, 0.1, 0.1, 0.1, 0.3, 0.1, 0.1])[2:4] == [True, True]


# -- session 23 -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("read", [
    "**This week’s Buried Water is supported by Fieldmark.** Fieldmark prints old county maps on heavy archival paper, "
    "trimmed to any area you choose. Readers get 15% off with the code BURIED15. [Make your map](https://b.example/r)",
    "**This edition is supported by Keelwise.** Keelwise lets you track every mutual fund, stock and fixed deposit you "
    "own in one dashboard. [Link your portfolio in 2 minutes](https://f.example/r)",
])
def test_a_sponsor_read_opened_by_the_line_naming_the_issues_sponsor_is_dropped(read: str) -> None:
    """Session 23, sets q, r and s: the bold line names the issue's sponsor, the copy after it names it again."""
    decided = decide(f"# Issue\n\n{PROSE}\n\n{read}\n\n{PROSE}", [0.1, 0.1, 0.3, 0.1])
    assert [k for k, _ in decided] == [True, True, False, True]
    assert decided[2][1].startswith("the line that names the issue's sponsor")


@pytest.mark.parametrize("para", [
    # the writer introduced, not a sponsor
    "**Today's issue is brought to you by Jane Doe.** Jane is our new courts reporter, and Jane starts today with "
    "the appeal ruling.",
    # the past tense credits the issue's writers
    "**This week's Dispatch was brought to you by Acme Labs.** Acme Labs staff wrote most of it while the editor was "
    "away on leave.",
    # a story's subject, not the issue
    "**The bill is supported by Senator Ruiz.** Senator Ruiz said on Tuesday that the vote would come before the "
    "summer recess.",
    # the copy never names the sponsor
    "**This week's issue is supported by Fieldmark.** The brook rose on the common north of the town and ran south "
    "past the tanneries that gave it its name.",
])
def test_a_bold_credit_line_without_the_sponsors_copy_is_no_sponsor_read(para: str) -> None:
    assert kept(f"# Issue\n\n{PROSE}\n\n{para}\n\n{PROSE}", [0.1, 0.1, 0.3, 0.1])[2] is True


@pytest.mark.parametrize("card", [
    "**[Postgres query plans, explained with pictures](https://h.example/t)**  \nA free 12-part email course from the "
    "team at Indexly: read EXPLAIN output, spot the bad join, fix it. *From our partner*",
    "**Bull City Smokehouse:** Show your Bulls ticket from any home game and get a free side with any platter, all "
    "season long. *Partner offer.*  \n[See the menu](https://c.example/m)",
])
def test_copy_closed_by_a_paid_tag_is_dropped(card: str) -> None:
    """Session 23, set q: the tag ends the item's copy, before its button if any."""
    decided = decide(f"# Issue\n\n{PROSE}\n\n{card}\n\n{PROSE}", [0.1, 0.1, 0.3, 0.1])
    assert [k for k, _ in decided] == [True, True, False, True]
    assert decided[2][1].startswith("copy closed by a paid-content tag")


@pytest.mark.parametrize("para", [
    "The gala was *sponsored* by the bank and raised more than a million dollars for the school's new library.",
    "**Partner:** the firm said *Sponsored* was the wrong word for it.",
    # the tag over the next sentence: the copy goes on after it
    "The club's new kit is out. *Sponsored* jerseys were voted down by members, who kept the plain blue shirt "
    "for a third season.",
])
def test_a_paid_word_inside_a_sentence_is_no_tag(para: str) -> None:
    assert kept(f"# Issue\n\n{PROSE}\n\n{para}\n\n{PROSE}", [0.1, 0.1, 0.3, 0.1])[2] is True


def test_a_bare_sponsor_label_over_a_one_block_card_drops_both_even_above_the_first_paragraph() -> None:
    """Session 23, set q: "Sponsor" over a bold title, copy and a button, before the issue's greeting."""
    md = ("# Hacker Digest\n\nMay 15th, 2026\n\nSponsor\n\n**[Logs you can actually search.](https://h.example/t)** "
          "Tracewell indexes every log line you ship and answers queries across a terabyte in two seconds. "
          "[Start free, no card needed →](https://h.example/s)\n\n"
          f"Hey, here is this week's batch. {PROSE}")
    assert kept(md, [0.1, 0.1, 0.9, 0.4, 0.1]) == [True, True, False, False, True]


def test_a_bare_label_over_a_story_that_ends_in_read_more_keeps_the_story() -> None:
    md = ("# Digest\n\nMay 15th, 2026\n\nSponsor\n\n**[Council passes the budget](https://h.example/t)** The vote was "
          "six to three after a long night of amendments on the bus plan. [Read more](https://h.example/s)\n\n"
          f"{PROSE}")
    assert kept(md, [0.1, 0.1, 0.9, 0.4, 0.1])[3] is True


def test_a_label_from_our_advertisers_over_a_titled_card_drops_the_card() -> None:
    """Session 23, set s: "FROM OUR ADVERTISERS" over a heading and copy closed by "[Check your rate …]"."""
    md = (f"# Morning\n\n{PROSE}\n\nFROM OUR ADVERTISERS\n\n### [Is it time to refinance?](https://s.example/p)\n\n"
          "Mortgage advisers at Riverbend Credit Union walk through the numbers for homeowners. "
          "[Check your rate in two minutes](https://s.example/c)\n\n## Sports\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.2, 0.2, 0.6, 0.1, 0.1]) == [True, True, False, False, False, True, True]
    # copy the model reads as news closes no card with a button of a story's words (review)
    assert kept(md, [0.1, 0.1, 0.2, 0.2, 0.3, 0.1, 0.1])[4] is True


@pytest.mark.parametrize("closing, dropped", [
    ("\\*APY as of May 19, 2026. Brightvault is not a bank. This is a paid advertisement for Brightvault.", True),
    ("*Opportunities are paid listings.* [Submit an opportunity](https://o.example/s) to reach 200,000 artists.", True),
    ("*Partner content: produced for Kilele Bank by NMG Brand Studio.* [Open an account](https://n.example/o)", True),
    # an editorial partner's story: made by an outlet, not for a sponsor
    ("*Partner content: produced by CalMatters, a nonprofit newsroom.* [Read at CalMatters](https://c.example/r)",
     False),
    ("The ads are paid placements, the agency said in a statement on Monday.", False),
])
def test_an_items_closing_disclosure_drops_its_section(closing: str, dropped: bool) -> None:
    """Session 23, sets q and r."""
    md = f"# Issue\n\n{PROSE}\n\n## Your cash deserves a raise\n\n{PROSE}\n\n{closing}\n\n## Next\n\n{PROSE}"
    decided = kept(md, [0.1, 0.1, 0.3, 0.3, 0.3, 0.1, 0.1])
    assert decided[2:5] == [not dropped] * 3
    assert decided[5:] == [True, True]


def test_a_credit_with_its_sponsors_logo_after_a_dash_names_the_sponsor() -> None:
    """Session 23, set q: "*Morning Brief is brought to you by Kilele Bank — banking for …*" beside the bank's logo
    (the name said before the logo, whose alt text is the same name)."""
    md = ("# Morning Brief\n\n*Morning Brief is brought to you by Kilele Bank &#8212; banking for Kenya&#8217;s "
          "growing businesses.*&nbsp;[![Kilele Bank](https://n.example/kilele.png)](https://n.example/k)\n\n" + PROSE)
    assert kept(md, [0.1, 0.9, 0.1]) == [True, False, True]


def test_a_paid_label_under_a_heading_marks_its_short_ad_like_section() -> None:
    """Session 23, set r: "## Brand Spotlight: Arlen Audio", "*Sponsored*", picture, copy, button."""
    md = (f"# Issue\n\n{PROSE}\n\n## Brand Spotlight: Arlen Audio\n\n*Sponsored*\n\n"
          "[![Arlen headphones](https://s.example/arlen.jpg)](https://s.example/a)\n\nMix with confidence anywhere. "
          "Arlen's open-back headphones weigh just 280 grams.\n\n[Shop Arlen Audio](https://s.example/s)\n\n"
          f"## Gear news\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.6, 0.97, 0.9, 0.92, 0.98, 0.1, 0.1]) == [
        True, True, False, False, False, False, False, True, True]
    # a story the model reads as news under the heading (naming no sponsor): no ad section
    story = md.replace("Mix with confidence anywhere. Arlen's open-back headphones weigh just 280 grams.",
                       "The band's new record is out on Friday, two years after the drummer left for a solo tour.")
    decided = decide(story, [0.1, 0.1, 0.6, 0.97, 0.9, 0.1, 0.98, 0.1, 0.1])
    assert not any(reason.startswith("in the section marked paid") for _, reason in decided)


def test_a_share_row_urging_the_reader_is_dropped() -> None:
    """Session 23, set s: "Don't forget to share this story on [WhatsApp], [LinkedIn] and [X]"."""
    md = (f"# Issue\n\n{PROSE}\n\nDon’t forget to share this story on [WhatsApp](https://f.example/w), "
          f"[LinkedIn](https://f.example/l) and [X](https://f.example/x).\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.5, 0.1]) == [True, True, False, True]


def test_a_net_promoter_survey_is_a_feedback_poll() -> None:
    """Session 23, set q: the sender's "How likely are you to recommend X to a colleague?" over its 0 to 10 scale."""
    scale = " ".join(f"[{k}](https://a.example/nps/{k})" for k in range(11))
    md = f"# Update\n\n{PROSE}\n\nHow likely are you to recommend Airtable to a colleague?  \n{scale}\n\n{PROSE}"
    decided = decide(md, [0.1, 0.1, 0.5, 0.1])
    assert [k for k, _ in decided] == [True, True, False, True]
    assert decided[2][1].startswith("a feedback poll")


def test_a_numbered_list_of_links_is_no_poll() -> None:
    md = (f"# Update\n\n{PROSE}\n\nHow likely are you to recommend Airtable to a colleague? Chapters: "
          "[1](https://a.example/c/1) [2](https://a.example/c/2)\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.5, 0.1])[2] is True


def test_a_picture_and_a_guess_under_any_short_title_are_a_guessing_game() -> None:
    """Session 23, set q: "## Mystery culvert", its photo, and the question the model drops ("Where is this? Reply with
    your guess.") are one game."""
    md = (f"# Buried Water\n\n{PROSE}\n\n## Mystery culvert\n\n![A brick tunnel mouth](https://b.example/c.jpg)\n\n"
          "Where is this tunnel mouth? Reply to this email with your guess.\n\n## Next week\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.3, 0.4, 0.99, 0.1, 0.1]) == [True, True, False, False, False, True, True]


def test_a_photo_story_whose_question_the_model_keeps_is_no_guessing_game() -> None:
    md = (f"# Buried Water\n\n{PROSE}\n\n## The flood at Mill Lane\n\n![The flooded lane](https://b.example/f.jpg)\n\n"
          "Do you know where this water came from? Send us your guess and the council's answer.\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.3, 0.4, 0.3, 0.1]) == [True] * 6


@pytest.mark.parametrize("fine, dropped", [
    ("\\*Subject to credit approval. Minimum monthly payments required.", True),
    ("\\*Offer valid through June 14. Excludes gift cards and personalized items.", True),
    # emphasis, not a footnote mark
    ("*Prices have risen for the third month in a row, the survey found.*", False),
])
def test_an_offers_fine_print_goes_with_the_dropped_offer(fine: str, dropped: bool) -> None:
    """Session 23, sets q and r."""
    md = (f"# Issue\n\n{PROSE}\n\n**0% interest for 24 months** with the Store Card on purchases of $1,499 or more.\\* "
          f"[Apply now](https://s.example/a)\n\n{fine}\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.99, 0.6, 0.1]) == [True, True, False, not dropped, True]
    # under a kept block, fine print is the story's
    assert kept(md, [0.1, 0.1, 0.1, 0.6, 0.1])[3] is True


@pytest.mark.parametrize("para", [
    # session 23 review: news that reports a sponsorship, a writer introduced
    "**This year's Tour de France is sponsored by Škoda.** Škoda, which has backed the race since 2004, said on Monday "
    "it would end the deal after next summer's race.",
    "**This weekend's Pride parade is presented by Target.** Target scaled back its Pride merchandise last year after "
    "a backlash, and organisers had asked it to stay away.",
    "**This month's free concert series is underwritten by Riverside Bank.** Riverside Bank stepped in after the city "
    "cut arts funding in the spring budget.",
    "**Today's edition is brought to you by Priya Raman.** Priya has covered city hall for a decade, and this week "
    "she digs into the budget.",
])
def test_a_bold_credit_in_a_story_or_for_a_writer_is_no_sponsor_read(para: str) -> None:
    assert kept(f"# Issue\n\n{PROSE}\n\n{para}\n\n{PROSE}", [0.1, 0.1, 0.1, 0.1])[2] is True


@pytest.mark.parametrize("para", [
    # a label alone on the last line may mark the next item
    "**Fed holds rates steady.** Powell said the committee would wait for more data before cutting.  \n**Sponsored**",
    # a web page's caption glued to a story
    "The council voted 7-2 to extend library hours on Sundays, starting in March.\n*Advertisement*",
    # an editorial partner's republished story
    "**Wildfire insurance rates climb again.** State regulators approved a 30% rise for the largest insurer. "
    "*Partner content*\n[Read the story at Mongabay](https://m.example/r)",
    # a story about the trade
    "**FTC tightens influencer rules.** Creators must now label every post they are paid for, such as this one. "
    "*Paid partnership*",
])
def test_news_near_a_paid_word_is_no_tagged_copy(para: str) -> None:
    assert kept(f"# Issue\n\n{PROSE}\n\n{para}\n\n{PROSE}", [0.1, 0.1, 0.1, 0.1])[2] is True


@pytest.mark.parametrize("label, story", [
    ("Promoted", "**Dana Ruiz** becomes chief operating officer at Halden Freight, succeeding Tom Barr after nine "
                 "years. [See the announcement](https://t.example/a)"),
    ("Advertising", "**Omnicom closes its IPG deal.** The merger creates the largest agency group by revenue, ahead "
                    "of WPP. [Get the details](https://t.example/d)"),
    ("Sponsor", "**Sen. Maria Lopez (D-Sacramento)** wrote SB 412, the insulin price cap, after her brother's "
                "diagnosis. [View the bill text](https://t.example/b)"),
    ("Sponsored", "**Council approves $2.1B budget.** The vote was 9-4 after a night of amendments on police "
                  "overtime. [See how your ward fares](https://t.example/w)"),
])
def test_a_kicker_over_a_story_card_is_no_labelled_ad(label: str, story: str) -> None:
    """Session 23 review: only a label that says "paid", over a card closed by a button that sells."""
    md = f"# Digest\n\nMay 15th, 2026\n\n{label}\n\n{story}\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.3, 0.1, 0.1])[3] is True


@pytest.mark.parametrize("closing", [
    "The top slot is a paid placement. Regulators in the EU say the label is too small to see.",
    'Only the fine print said "This is a paid advertisement for the Yes on 3 campaign," and the clerk\'s office '
    "said nothing.",
    'The FCC fined KXYZ $40,000 after it aired the segment without the line "this is a paid advertisement."',
])
def test_a_paid_placement_said_in_a_story_discloses_nothing(closing: str) -> None:
    """Session 23 review."""
    md = f"# Issue\n\n{PROSE}\n\n## Google's shopping tab gets a makeover\n\n{PROSE}\n\n{closing}\n\n## Next\n\n{PROSE}"
    assert kept(md, [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]) == [True] * 7


@pytest.mark.parametrize("credit", [
    "*The bill is sponsored by Assemblymember Ann Lee — her third try at the cap.*",
    "*Today's newsletter is brought to you by Sam Park — with help from Lee Wong.*",
])
def test_a_dash_after_a_credits_name_in_a_story_or_for_writers_names_no_sponsor(credit: str) -> None:
    assert kept(f"# Issue\n\n{PROSE}\n\n{credit}\n\n{PROSE}", [0.1, 0.1, 0.3, 0.1])[2] is True


def test_an_authors_contact_links_joined_by_and_are_no_share_row() -> None:
    md = (f"# Issue\n\n{PROSE}\n\n[Email](https://a.example/e) and [LinkedIn](https://a.example/l) and "
          f"[X](https://a.example/x)\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.3, 0.1])[2] is True


def test_a_partner_pick_of_a_firms_partner_is_no_paid_label() -> None:
    md = (f"# Issue\n\n{PROSE}\n\n**Partner pick:** Dana Ruiz, who leads our climate practice, recommends Robinson's "
          f"new novel about carbon markets.\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.2, 0.1])[2] is True


def test_a_poll_on_the_next_topic_is_dropped() -> None:
    """Session 23, set s: "**What should I bake next?**" over its linked options."""
    md = (f"# Issue\n\n{PROSE}\n\n**What should I bake next?**  \n[Croissants](https://p.example/1) "
          f"[Pizza dough](https://p.example/2) [Cinnamon buns](https://p.example/3)\n\n{PROSE}")
    decided = decide(md, [0.1, 0.1, 0.3, 0.1])
    assert [k for k, _ in decided] == [True, True, False, True]
    assert decided[2][1].startswith("a poll on what the next issue covers")


def test_the_senders_reader_survey_is_dropped_and_a_storys_survey_link_kept() -> None:
    """Session 23, set s."""
    md = (f"# Issue\n\n{PROSE}\n\n**Tell us how we’re doing.** Take our three-minute reader survey and help shape this "
          f"newsletter. [Start the survey](https://c.example/s)\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.6, 0.1]) == [True, True, False, True]
    story = (f"# Issue\n\n{PROSE}\n\nThe Pew survey of 5,000 adults found trust in local news rising for the first "
             f"time since 2016. [Read the survey](https://c.example/p)\n\n{PROSE}")
    assert kept(story, [0.1, 0.1, 0.6, 0.1])[2] is True


# -- session 23, set y ------------------------------------------------------------------------------------------------

CLASSIFIEDS = ("## **Classified**\n\n<strong>FOR SALE:</strong> OO gauge Black 5 kit, unstarted, &#163;120. Tel 07700 "
               "900412.<br>\n<strong>WANTED:</strong> Any Hornby Dublo wagons. Tel 07700 900413.\n\n")


@pytest.mark.parametrize("title, sign_off, ends", [
    ("Gazette", "That&#8217;s all for this week. Mind the gap between your baseboards.<br>\n<strong>Wendell</strong>",
     True),
    ("The Weekday", "That's today's Weekday. See some of you at the Grange Hall tonight.  \n&#8212; Kwame", True),
    ("Sunup", "That's Sunup for today. Go Kestrels. &#8212; Adaeze and Luis", True),
    # review: a name the issue's title does not say, a sale
    ("Gazette", "That's Harbor Coffee for now. Cheers!", False),
    ("Gazette", "That's all for this week. Place your ad for $10.", False),
    ("Gazette", "That's all for this week's deals. New titles land Friday.", False),
])
def test_the_issues_own_closing_line_ends_a_section(title: str, sign_off: str, ends: bool) -> None:
    """Session 23, set y: the sign-off after classified ads is the issue's, not the ads'."""
    md = f"# {title}\n\n{PROSE}\n\n{CLASSIFIEDS}{sign_off}\n\n[Unsubscribe](https://g.example/u)"
    decided = kept(md, [0.1, 0.1, 0.6, 0.9, 0.2, 0.99])
    assert decided[2:4] == [False, False]
    assert decided[4] is ends


@pytest.mark.parametrize("sign_off", [
    "Good curling,<br>\nMarguerite Lafleur-Dunn and Kofi Brandvold",
    "Happy sowing,  \nAda, Tobias and the crew at Tillery",
])
def test_more_farewells_over_a_signature(sign_off: str) -> None:
    """Session 23, set y: a "<br>" before the names, and a signature "X, Y and the crew at Z"."""
    md = (f"# Issue\n\n{PROSE}\n\n## Trivia\n\n**Which rock is heaviest?** Reply with your answer.\n\n"
          f"**Answer:** (b) the granite stone.\n\n{sign_off}\n\n[Unsubscribe](https://g.example/u)")
    decided = kept(md, [0.1, 0.1, 0.9, 0.9, 0.9, 0.2, 0.99])
    assert decided[5] is True


@pytest.mark.parametrize("para", [
    "**Partner** · [Rockmoor's Treasury Reserve account pays 4.35% APY\\* on cash, with no minimum.]"
    "(https://b.example/r) *Rockmoor is a paid partner of The Basis Point.*",
    "**PARTNER CONTENT** &middot; [Planning for retirement in your 50s: five questions to ask](https://p.example/r)  \n"
    "*Paid for by Harlow Mutual. The Standard newsroom was not involved.*",
])
def test_a_paid_label_over_copy_that_discloses_itself(para: str) -> None:
    """Session 23, set y: the disclosure's words ("paid", "by Harlow Mutual") are no story about the trade or
    byline."""
    decided = decide(f"# Issue\n\n{PROSE}\n\n{para}\n\n{PROSE}", [0.1, 0.1, 0.2, 0.1])
    assert [k for k, _ in decided] == [True, True, False, True]


def test_a_club_partners_offer_set_off_in_html() -> None:
    """Session 23, set y: "<strong>Club partner:</strong>" over an offer the model half suspects."""
    md = (f"# Gazette\n\n{PROSE}\n\n<strong>Club partner:</strong> Hartwell Models are giving Gazette readers 10% off "
          f"all track this month with code <strong>GAZETTE10</strong>. [Shop Hartwell](https://g.example/h)\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.8, 0.1]) == [True, True, False, True]
    assert kept(md, [0.1, 0.1, 0.3, 0.1])[2] is True  # "Official partner:" also credits a club's physio


@pytest.mark.parametrize("para", [
    # review: stories that quote the words of a disclosure
    "**Sponsored post** · The FTC sent warning letters to 12 influencers whose captions never said 'this is a paid "
    "advertisement', the agency said.",
    "**Advertisement** | A new TV spot paid for by Senate Leadership Fund accuses the senator of missing votes.",
    "**Community partner:** Outlier Media reports that 4,000 households face water shutoffs; residents can sign up "
    "for the free assistance program.",
])
def test_a_story_quoting_a_disclosure_under_a_label_stays(para: str) -> None:
    assert kept(f"# Issue\n\n{PROSE}\n\n{para}\n\n{PROSE}", [0.1, 0.1, 0.3, 0.1])[2] is True


def test_a_headline_starting_with_the_photos_alt_text_is_no_masthead() -> None:
    """Session 23 review: "[![Hurricane Milton](…)](…)" over "# Hurricane Milton makes landfall …"."""
    md = ("[![Hurricane Milton](https://n.example/milton.jpg)](https://n.example/milton)\n\n"
          f"# Hurricane Milton makes landfall near Siesta Key\n\n{PROSE}")
    assert kept(md, [0.2, 0.1, 0.1]) == [True, True, True]


@pytest.mark.parametrize("para, p", [
    ("From our friends at CalMatters: California will offer a 50% discount on transit passes to students this fall. "
     "[Read more](https://c.example/r)", 0.6),
    ("From our friends at Hollis Farm Soil: their mix is 20% off with code TILLERY20. [Get the mix](https://t.example/m)",
     0.3),
])
def test_a_partner_outlets_story_or_an_offer_the_model_reads_as_news_stays(para: str, p: float) -> None:
    assert kept(f"# Issue\n\n{PROSE}\n\n{para}\n\n{PROSE}", [0.1, 0.1, p, 0.1])[2] is True


@pytest.mark.parametrize("title, body", [
    ("## Reader question", "Dana in Tulsa asks: does bonus depreciation still apply to a used pickup truck?"),
    ("## Fed decoder", "We decode one phrase from the Fed's statement each week: what does 'extent and timing' "
                       "signal?"),
])
def test_a_readers_question_and_last_weeks_answer_are_no_puzzle(title: str, body: str) -> None:
    md = (f"# Issue\n\n{PROSE}\n\n{title}\n\n{body}\n\n**Last week's answer:** Yes. A used vehicle over 6,000 "
          f"pounds still qualifies.\n\n## Next\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.3, 0.3, 0.5, 0.1, 0.1]) == [True] * 7


def test_a_story_quoting_join_me_is_no_house_offer() -> None:
    md = (f"# Issue\n\n{PROSE}\n\nMayor Lisa Park will hold a free town hall on Thursday. 'Join me and bring your "
          f"questions,' she wrote. [Reserve a seat](https://c.example/r)\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.6, 0.1])[2] is True


def test_a_puzzle_under_a_short_title_with_the_last_rounds_answer_is_a_game() -> None:
    """Session 23, set y: "## Sunup Stumper", the puzzle, "**Yesterday's answer:** …"."""
    md = (f"# Sunup\n\n{PROSE}\n\n## Sunup Stumper\n\nRearrange the letters of **RIVER TOWN** to name a neighborhood. "
          "Hint: it has a lighthouse.\n\n**Yesterday's answer:** **ELM GROVE**. Well done to the 312 readers who got "
          f"it.\n\n## Weather\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.3, 0.1, 0.8, 0.1, 0.1]) == [True, True, False, False, False, True, True]


def test_a_story_under_a_short_title_is_no_puzzle() -> None:
    md = (f"# Sunup\n\n{PROSE}\n\n## Bridge vote\n\nWhich bridge gets fixed first? The council decides tonight, after "
          "two years of delays.\n\nThe vote follows a study of both spans.\n\n## Weather\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.3, 0.1, 0.1, 0.1, 0.1]) == [True] * 7


def test_the_masthead_named_as_the_issues_title_is_chrome() -> None:
    """Session 23, set y: "[![The Hog Line](…)](…)" right over "# **The Hog Line**"."""
    md = ("Tiebreaker drama in Brandon.\n\n[![The Hog Line](https://h.example/logo.png)](https://h.example/)\n\n"
          f"# **The Hog Line**\n\n{PROSE}")
    assert kept(md, [0.3, 0.2, 0.1, 0.1]) == [True, False, True, True]
    # a cover photo whose alt text is not the title's start stays
    photo = md.replace("[![The Hog Line]", "[![Curlers sweep a stone in Brandon]")
    assert kept(photo, [0.3, 0.2, 0.1, 0.1])[1] is True


def test_an_offer_from_our_friends_at_x_is_an_ad() -> None:
    """Session 23, set y."""
    md = (f"# Issue\n\n{PROSE}\n\nFrom our friends at **Hollis Farm Soil**: their peat-free mix is 20% off for "
          f"Tillery customers with code **TILLERY20**. [Get the mix](https://t.example/m)\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.9, 0.1]) == [True, True, False, True]
    news = md.replace("their peat-free mix is 20% off for Tillery customers with code **TILLERY20**. [Get the mix]"
                      "(https://t.example/m)", "the farm reopens its barn to visitors on Saturday after the flood.")
    assert kept(news, [0.1, 0.1, 0.5, 0.1])[2] is True


def test_a_word_from_a_company_over_its_selling_copy_is_its_ad() -> None:
    """Session 23, set y: "## A word from Stonegate" with no banner above."""
    md = (f"# The Hog Line\n\n{PROSE}\n\n## **A word from Stonegate**\n\nNew for this season: the Stonegate Velocity "
          "pad, 30 grams lighter. Hog Line readers get free shipping across Canada.\n\n"
          f"[Shop the Velocity →](https://h.example/v)\n\n## Results\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.5, 0.75, 0.97, 0.1, 0.1]) == [True, True, False, False, False, True, True]
    # a guest's column under "A word from Jane Smith" is no ad, nor copy the model reads as news
    guest = md.replace("A word from Stonegate", "A word from Jane Smith")
    assert kept(guest, [0.1, 0.1, 0.5, 0.75, 0.97, 0.1, 0.1])[2:4] == [True, True]
    news = md.replace("New for this season: the Stonegate Velocity pad, 30 grams lighter. Hog Line readers get free "
                      "shipping across Canada.", "Stonegate, the broom maker in Brandon, laid off 40 workers on "
                      "Tuesday after sales fell for a third season, the company said in a statement to the union.")
    assert kept(news, [0.1, 0.1, 0.5, 0.2, 0.97, 0.1, 0.1])[2:4] == [True, True]


def test_the_writers_own_offer_in_the_first_person() -> None:
    """Session 23, set y: "Join me for a two-hour guided walk … £25 … [Book a place]"."""
    md = (f"# Kerbside\n\n{PROSE}\n\n**Kerbside Walks are back.** Join me for a two-hour guided walk of the Holloway "
          f"Road on Saturday 13 June. £25, or £15 for paid subscribers. [Book a place](https://k.example/b)\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.5, 0.1]) == [True, True, False, True]


# -- session 23, set z (read after its blind figures) -----------------------------------------------------------------

def test_a_link_cards_own_tag_on_its_last_line_drops_it() -> None:
    """Session 23, set z: "**[Ship feature flags …](…)** — Flagpost's free tier … *Sponsor*" among cards whose last
    line gives their source."""
    md = (f"# Patchnote\n\n{PROSE}\n\n**[A field guide to Postgres lock queues](https://p.example/a)** — What happens "
          "when an ALTER TABLE waits.  \n*pglocks.dev*\n\n**[Ship feature flags without a deploy]"
          "(https://p.example/f)** — Flagpost's free tier now includes percentage rollouts.  \n*Sponsor*\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.1, 0.1, 0.1]) == [True, True, True, False, True]


def test_a_featured_sponsors_label_over_its_logo() -> None:
    md = (f"# Patchnote\n\nHi all. {PROSE}\n\n**FEATURED SPONSOR**  \n[![Tracewell](https://p.example/tw.png)]"
          f"(https://p.example/t)\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.9, 0.1]) == [True, True, False, True]


@pytest.mark.parametrize("sign_off", ["Safe travels,  \nMireille and the Loot team",
                                      "Ride safe,  \nMarguerite, Oyelaran, Dev and the Spokewright crew"])
def test_a_farewell_signed_by_names_and_the_team_ends_a_quiz(sign_off: str) -> None:
    """Session 23, set z."""
    md = (f"# Issue\n\n{PROSE}\n\n## Trivia\n\n**Which airport code is ZQN?** Reply with your answer.\n\n"
          f"**Answer:** Queenstown.\n\n{sign_off}\n\n[Unsubscribe](https://g.example/u)")
    assert kept(md, [0.1, 0.1, 0.9, 0.9, 0.9, 0.3, 0.99])[5] is True


def test_pictures_under_a_question_title_with_the_last_rounds_winners_are_a_game() -> None:
    """Session 23, set z: "# Real or Generated?", the photos with their vote links, "B was real. 61% of you got it
    right."."""
    md = (f"# Context Window\n\n{PROSE}\n\n# **Real or Generated?**\n\n![Two photos of a harbour, A and B]"
          "(https://c.example/ab.jpg) One was taken on a phone. Which is real? [A](https://c.example/a) · "
          "[B](https://c.example/b)\n\n**Yesterday's answer:** B was real. 61% of you got it right.\n\n## More\n\n"
          + PROSE)
    assert kept(md, [0.1, 0.1, 0.1, 0.1, 0.9, 0.1, 0.1]) == [True, True, False, False, False, True, True]


# -- session 23, set aa (false drops only read, after its blind figures) -----------------------------------------------

@pytest.mark.parametrize("closing", [
    "Sting 'em, Hornets.  \n— Harlow State Athletics Communications",
    "Cheers,<br>Deb, Hollis and the whole Quillback crew",
    "That's the curve for today. Send tips and corrections to the desk; we read everything.  \n— Corinne and Mateo",
    "_The Load Curve is reported by Corinne Vashti\\-Dahl and Mateo Ferrante and edited by Yusuf Abernathy\\-Cole._",
])
def test_closing_lines_and_credits_end_a_quiz(closing: str) -> None:
    """Session 23, set aa: a dashed signature under a short line, "the whole X crew", "That's the curve for today"
    under "# The Load Curve", a credit with escaped hyphens in its names."""
    md = (f"# The Load Curve\n\n{PROSE}\n\n## Trivia\n\n**Which city lit the first grid?** Reply with your answer.\n\n"
          f"**Monday's answer:** 1882, Pearl Street. Nice work, Desmond, who got it first.\n\n{closing}\n\n"
          "[Unsubscribe](https://g.example/u)")
    assert kept(md, [0.1, 0.1, 0.9, 0.9, 0.9, 0.8, 0.99])[5] is True


def test_an_authors_bio_who_writes_about_something_is_kept() -> None:
    md = (f"# The Paycheck Plan\n\n{PROSE}\n\nTalk soon,  \nTobi\n\n_Tobi Adeyemi\\-Quist is a former "
          "credit\\-union loan officer who writes about money for people who'd rather not. Nothing here is financial "
          "advice._\n\n"
          "Did a friend forward this? [Subscribe](https://p.example/s)")
    assert kept(md, [0.1, 0.1, 0.1, 0.96, 0.99])[3] is True


def test_a_quotation_is_no_dashed_signature() -> None:
    md = (f"# Issue\n\n{PROSE}\n\n## Trivia\n\n**Who said it?** Reply with your answer.\n\n\"Ask not what your "
          "country can do for you.\"  \n— John F. Kennedy\n\n**Last week's answer:** Lincoln. 312 of you got it.\n\n"
          + PROSE)
    decided = kept(md, [0.1, 0.1, 0.9, 0.9, 0.9, 0.9, 0.1])
    assert decided[2:6] == [False, False, False, False]


# -- session 24, set aa (its misses read, after session 23's figures) --------------------------------------------------

def test_a_puzzle_and_the_last_rounds_answer_in_one_paragraph_under_a_title_are_a_game() -> None:
    """Session 24, set aa: "## Jargon Jumble", then the puzzle and last week's answer in one paragraph."""
    md = (f"# Demand Desk\n\n{PROSE}\n\n## Jargon Jumble\n\nUnscramble this funnel term: **T I S O P R A N**  \n"
          f"**Last week's answer:** *ATTRIBUTION*. 412 of you got it.\n\n**Newsletters we like**\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.5, 0.95, 0.95, 0.1])[2:4] == [False, False]


def test_a_story_paragraph_with_a_recap_line_is_no_puzzle() -> None:
    md = (f"# Demand Desk\n\n{PROSE}\n\n## Attribution\n\nMarketers keep arguing about attribution models this "
          "quarter.  \n**Last week's answer:** most of you said first touch.\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.5, 0.5, 0.1]) == [True] * 5


def test_a_riddle_under_who_am_i_with_last_months_answer_is_a_game() -> None:
    """Session 24, set aa."""
    md = (f"# Wild Pages\n\n{PROSE}\n\n## Who Am I?\n\nI can hold my breath for eight minutes, I use rocks as tools, "
          "and I hold hands with my family when I sleep. Who am I?\n\n**Last month's answer:** The red panda, which "
          "has a false thumb.\n\nSee you at the zoo,  \nDr. Maren Oduya\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.5, 0.5, 0.5, 0.1, 0.1]) == [True, True, False, False, False, True, True]


def test_who_am_i_over_an_essay_stays() -> None:
    md = (f"# Letters\n\n{PROSE}\n\n## Who Am I?\n\n{PROSE} I asked myself that question for years. Who am I?\n\n"
          f"{PROSE}\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.5, 0.5, 0.1, 0.1]) == [True] * 6


def test_small_ads_by_their_kinds_are_classified_ads() -> None:
    """Session 24, set aa: "## Members' Small Ads" over "**For sale:** … <br>**Wanted:** … <br>**Free:** …"."""
    md = (f"# The Potting Bench\n\n{PROSE}\n\n## **Members&#8217; Small Ads**\n\n**For sale:** aluminium greenhouse, "
          "you dismantle, &#163;120 ono. Tel. 01632 960 418.<br>**Wanted:** allotment-share partner for plot 14. Ask "
          "for Bernard.<br>**Free:** 30 terracotta pots. Collect from Fox Close.\n\n## Garden news\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.5, 0.5, 0.1, 0.1]) == [True, True, False, False, True, True]


def test_small_ads_over_a_story_stay() -> None:
    md = (f"# The Potting Bench\n\n{PROSE}\n\n## Small Ads\n\nThe society's small ads column turns forty this year; "
          "our editor looks back at the greenhouses, pots and plots that changed hands.\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.5, 0.5, 0.1]) == [True] * 5


def test_a_title_whose_second_line_says_paid_listings_is_a_sponsored_section_to_the_sign_off() -> None:
    """Session 24, set aa: "## **Community Board**<br><em>Paid listings from our neighbours …</em>", the listings, then
    the issue's sign-off, which stays."""
    md = (f"# The Growler Fill\n\n{PROSE}\n\n## **Community Board**<br><em>Paid listings from our neighbours. "
          "Want one? "
          "$25 a week, reply to this email.</em>\n\n**Fennick&#8217;s Market** &#8212; Now stocking Quillback. Ten "
          "percent off mixed six-packs.\n\n**Lost:** black-and-white border collie, answers to Pickle. Call Jonah, "
          "541-555-0178.\n\nCheers,<br>Deb, Hollis and the whole Quillback crew\n\n"
          "[Unsubscribe](https://q.example/u)")
    assert kept(md, [0.1, 0.1, 0.9, 0.5, 0.5, 0.5, 0.99]) == [True, True, False, False, False, True, False]


def test_a_headline_about_paid_listings_is_no_paid_subtitle() -> None:
    md = f"# Trade\n\n{PROSE}\n\n## Why paid listings are taking over search\n\n{PROSE}\n\n" + PROSE
    assert kept(md, [0.1, 0.1, 0.5, 0.1, 0.1]) == [True] * 5


def test_an_italic_line_crediting_the_issues_sponsor_with_its_offer_and_the_sponsors_word_later() -> None:
    """Session 24, set aa: "_This issue is brought to you by [Ferncastle Bank](…). Earn 4.10% APY …_" at the top
    and "## A word from Ferncastle Bank" over copy the model reads as news, closed by a button that sells."""
    md = (f"# The Paycheck Plan\n\nTobi Adeyemi · Sunday\n\n_This issue is brought to you by [Ferncastle Bank]"
          "(https://f.example/b). Earn 4.10% APY on savings with no monthly fees._\n\nHey friend,\n\n"
          f"{PROSE}\n\n## A word from Ferncastle Bank\n\nSinking funds work best when they're separate from your "
          "checking account. Ferncastle lets you open up to 10 savings buckets in one account.\n\n[Open a Ferncastle "
          "account in 5 minutes →](https://f.example/o)  \n_Member FDIC._\n\n## Reader question\n\n" + PROSE)
    decided = kept(md, [0.1, 0.1, 0.6, 0.1, 0.1, 0.1, 0.1, 0.2, 0.1, 0.1])
    assert decided == [True, True, False, True, True, False, False, False, True, True]


def test_a_word_from_a_company_that_does_not_sponsor_the_issue_over_news_stays() -> None:
    md = (f"# The Paycheck Plan\n\n_This issue is brought to you by Ferncastle Bank. Earn 4.10% APY._\n\n{PROSE}\n\n"
          f"## A word from Wikipedia\n\n{PROSE}\n\n[Open a Wikipedia account](https://w.example/a)\n\n" + PROSE)
    assert kept(md, [0.1, 0.6, 0.1, 0.1, 0.1, 0.2, 0.1])[3:] == [True, True, True, True]


def test_an_italic_credit_without_an_offer_is_no_selling_line() -> None:
    from newsclean.model.revise import _sponsor_line_selling
    for text in ("_This issue is brought to you by Ferncastle Bank. Thanks for reading._",
                 "_This issue is brought to you by Maya Chen, our reporter. Earn 4% APY, she says._"):
        block = parse_blocks(text)[0]
        assert _sponsor_line_selling(block, block_stats(block)) is None


def test_a_featured_paid_listing_is_an_ad() -> None:
    """Session 24, set aa: "**⭐ Featured (paid listing):** [Senior backend engineer, Tallowbrook](…) — Series A …"."""
    md = (f"# Zero to Payroll\n\n{PROSE}\n\n**&#11088; Featured (paid listing):** [Senior backend engineer, "
          "Tallowbrook](https://z.example/t) &#8212; Series A, climate-risk data, remote (US), $170k. Tallowbrook is "
          "hiring its 12th engineer.\n\n**Featured:** [Founding engineer, Pelleas Health](https://z.example/p) "
          "&#8212; Seed, 4 people, NYC, $150k. Pelleas is hiring its first engineer.")
    assert kept(md, [0.1, 0.1, 0.1, 0.1]) == [True, True, False, True]


def test_a_store_strip_in_capitals_is_a_store_offer_line() -> None:
    """Session 24, set aa."""
    md = (f"**FREE LOCAL DELIVERY ON ORDERS OVER $40 &#8212; THIS WEEK ONLY**\n\n# The Growler Fill\n\n{PROSE}\n\n"
          "**Free local delivery on orders over $40 ends as the brewery sells its van**\n\n" + PROSE)
    assert kept(md, [0.88, 0.1, 0.1, 0.1, 0.1]) == [False, True, True, True, True]
    # a headline in capitals the model half suspects stays (review)
    headline = f"# Grocer\n\n{PROSE}\n\n**FREE DELIVERY ON ORDERS OVER £30 ENDS AT TESCO FROM MONDAY**\n\n{PROSE}"
    assert kept(headline, [0.1, 0.1, 0.55, 0.1]) == [True] * 4


def test_the_writers_course_with_a_price_and_a_waitlist_button_is_the_houses_offer() -> None:
    """Session 24, set aa: "My four\\-week course … $50 off the $199 price … [Join the waitlist](…)"."""
    md = (f"# The Paycheck Plan\n\n{PROSE}\n\n## Budget Bootcamp opens April 1\n\nMy four\\-week course for "
          "people who've "
          "tried budgeting and quit. Weekly live calls and a private community. Newsletter readers get $50 off the "
          "$199 price until March 31. [Join the waitlist](https://p.example/w)\n\n## Reader question\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.6, 0.6, 0.1, 0.1]) == [True, True, False, False, True, True]


# -- session 24, set ab (its misses and false drop read, after its blind figures) --------------------------------------

def test_a_word_from_a_company_over_its_copy_after_its_native_card() -> None:
    """Session 24, set ab: "**From our partner** · [copy](…)", then "## A word from Harlen Diagnostics" over copy
    naming "Harlen's" and a button that sells (a company, not a guest named by two words)."""
    md = (f"# The Consult Room\n\n{PROSE}\n\n**From our partner** · [Harlen's in-clinic SDMA test gives a result in 12 "
          "minutes. Order a starter pack for £0 delivery this month.](https://h.example/s)\n\n## A word from Harlen "
          "Diagnostics\n\nKidney disease in cats rarely announces itself. Harlen's Quantum SDMA cartridge runs on the "
          "analyser you already own.\n\n[Claim your starter pack →](https://h.example/c)\n\n## Practice life\n\n"
          + PROSE)
    assert kept(md, [0.1, 0.1, 0.7, 0.5, 0.56, 0.99, 0.1, 0.1]) == [True, True, False, False, False, False, True, True]


def test_a_word_from_a_guest_named_by_two_words_stays() -> None:
    md = (f"# The Consult Room\n\n{PROSE}\n\n## A word from Harlen Morris\n\nHarlen Morris ran a mixed practice in "
          "Hereford for thirty years; here she writes about the clients who taught her most.\n\n"
          "[Read her essay](https://h.example/e)\n\n## Practice life\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.5, 0.56, 0.8, 0.1, 0.1]) == [True] * 7


def test_a_named_partner_label_over_a_logo_and_an_offer() -> None:
    """Session 24, set ab: "**Ride partner:** [logo]<br>… 2-for-1 flat whites until Sunday."."""
    md = (f"# The Pedal Post\n\n{PROSE}\n\n**Ride partner:** [![Halloway Coffee](https://c.example/h.png)]"
          "(https://c.example/h)<br>Show your membership in the app at any Halloway kiosk for 2-for-1 flat whites "
          "until Sunday.\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.9, 0.1]) == [True, True, False, True]


def test_classifieds_by_their_answers_where_the_model_half_suspects_them() -> None:
    """Session 24, set ab: "## Classifieds" over ads that give one contact or say how to answer ("Reply to box
    3342."), the issue's next section after them."""
    md = (f"# The Consult Room\n\n{PROSE}\n\n## Classifieds\n\n**Practice for sale, North Yorkshire coast.** "
          "Small-animal, "
          "2 consult rooms, freehold. Owner retiring. Contact Hebden Tait Valuers, ref. HT/227.\n\n**Locum nurse "
          "available** for RVN cover across Cumbria from October. Reply to box 3342.\n\n## Consult Room CPD\n\n"
          + PROSE)
    assert kept(md, [0.1, 0.1, 0.36, 0.5, 0.5, 0.1, 0.1]) == [True, True, False, False, False, True, True]
    # where the model reads the first as news, a "Classifieds" title over it stays
    assert kept(md, [0.1, 0.1, 0.36, 0.2, 0.5, 0.1, 0.1])[2:4] == [True, True]


def test_a_title_that_says_the_issue_is_powered_by_a_sponsor_opens_its_section() -> None:
    """Session 24, set ab: "# **TODAY'S ISSUE IS POWERED BY [KESTREL EDA](…)**" over the copy and its button."""
    md = (f"# The Reticle\n\n{PROSE}\n\n# **TODAY'S ISSUE IS POWERED BY [KESTREL EDA](https://k.example/k)**\n\n"
          "Timing closure on a 3 nm block used to take your team six weeks.\n\n[**Start a free 30-day evaluation →**]"
          "(https://k.example/e)\n\n# **DESIGN & EDA**\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.8, 0.8, 0.98, 0.1, 0.1]) == [True, True, False, False, False, True, True]


def test_a_farewell_signed_by_everyone_at_the_shop_ends_a_quiz() -> None:
    """Session 24, set ab (its one false drop)."""
    md = (f"# The Mainspring\n\n{PROSE}\n\n## **The Pennock Puzzler**\n\nWhich complication did Deniz find? Reply with "
          "your guess.<br>**April&#8217;s answer:** a moon phase. Well done, Gwilym from Ripon.\n\nWith best wishes "
          "from the bench,<br>Harriet, Deniz and everyone at Pennock\n\n[Unsubscribe](https://p.example/u)")
    assert kept(md, [0.1, 0.1, 0.2, 0.9, 0.24, 0.99])[4] is True


@pytest.mark.parametrize("pitch", [
    "Annual membership is &#163;66 instead of &#163;88 until 12 July. [Buy an annual pass](https://c.example/a)",
    "Thistlecombe gift cards, any amount from £10, posted or emailed. [Buy a gift card](https://t.example/g)",
    "**Free webinar, Thursday 24 September:** Dr Henrike Salo on renal diets. One hour of CPD. [Save your place]"
    "(https://c.example/w)",
])
def test_pitches_closed_by_a_button_that_buys_a_pass_a_card_or_saves_a_place(pitch: str) -> None:
    """Session 24, set ab."""
    assert kept(f"# Issue\n\n{PROSE}\n\n{pitch}\n\n{PROSE}", [0.1, 0.1, 0.85, 0.1]) == [True, True, False, True]


def test_the_houses_event_with_seats_to_request() -> None:
    """Session 24, set ab: "We are hosting 30 readers for dinner … a few seats … [Request a seat](…)"."""
    md = (f"# The Reticle\n\n{PROSE}\n\nWe are hosting 30 readers for dinner in Hsinchu on March 12. Pro "
          "members first; "
          f"a few seats for everyone else. [Request a seat](https://r.example/s)\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.54, 0.1]) == [True, True, False, True]


@pytest.mark.parametrize("quiz", [
    "**Case quiz:** An 8-year-old Labrador has polyuria and a pot belly. What is your top differential? Answer "
    "tomorrow.",
    "**Case quiz:** A 3-year-old rabbit stops eating after a house move. Name the condition and the first two things "
    "you'd do. Answer tomorrow.",
    "\\*\\*A literary riddle:\\*\\* I have a spine but no bones, and I'm happiest when I'm being read. What am "
    "I? Reply "
    "and tell me.",
])
def test_a_quiz_label_with_the_answer_promised_later_and_last_rounds_answer(quiz: str) -> None:
    """Session 24, set ab."""
    md = (f"# Issue\n\n{PROSE}\n\n{quiz}\n\n**Friday's answer:** Hypoadrenocorticism. Well done to the 214 readers "
          f"who got it.\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.6, 0.6, 0.1]) == [True, True, False, False, True]


def test_a_story_that_promises_more_tomorrow_is_no_quiz() -> None:
    md = (f"# Issue\n\n{PROSE}\n\n**Pop quiz season:** Schools across the county begin their spring exams on Monday. "
          f"Results tomorrow.\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.6, 0.1]) == [True] * 4


@pytest.mark.parametrize("legal", [
    "Quayhouse Theatre Company is a registered charity, no. 1094471.",
    "Carrowmouth Cycle Share is operated by Tresco Mobility Ltd on behalf of Carrowmouth City Council.",
    "Hollins Heath Horticultural Society, registered charity no. 1098824<br>c/o The Village Hall, Church Lane",
])
def test_the_publishers_legal_line_above_the_unsubscribe_line_is_footer(legal: str) -> None:
    """Session 24, sets aa and ab."""
    md = (f"# Issue\n\n{PROSE}\n\n{legal}\n\nYou are receiving this because you signed up. "
          "[Unsubscribe](https://q.example/u)")
    assert kept(md, [0.1, 0.1, 0.9, 0.99]) == [True, True, False, False]


def test_a_story_about_a_charity_registration_stays() -> None:
    md = (f"# Issue\n\n{PROSE}\n\nThe food bank became a registered charity this week, which lets it claim Gift Aid "
          f"on donations.\n\n{PROSE}\n\n[Unsubscribe](https://q.example/u)")
    assert kept(md, [0.1, 0.1, 0.6, 0.1, 0.99])[2] is True


# -- session 24, set ac (its false drops only read, after its blind figures) -------------------------------------------

def test_a_readers_signed_letter_under_letters_is_no_puzzle() -> None:
    """Session 24, set ac: "## Letters", a reader's letter signed with a dash, then the house quiz and its answer: the
    quiz goes, the letters stay."""
    md = (f"# Binder Weekly\n\n{PROSE}\n\n## Letters\n\n\"Your piece on MGAs said capacity is 'abundant'. Try "
          "placing a "
          "wildfire-exposed HOA in Colorado and tell me that.\" — Renata Gold, broker, Boulder\n\n**Coverage quiz:** A "
          "contractor's employee rear-ends a customer. Whose auto policy pays first? Answer next week.\n\n**Last "
          "week's answer:** the homeowner's policy. 61% of readers got it right.\n\nUntil the next renewal,  \nNadia")
    assert kept(md, [0.1, 0.1, 0.58, 0.1, 0.98, 0.97, 0.1]) == [True, True, True, True, False, False, True]


def test_a_sponsors_credit_sentence_over_a_game_does_not_take_the_sign_off_under_it() -> None:
    """Session 24, set ac: "*This dispatch is made possible by X, who lent us …*" above "## Guess the frame"; the
    sign-off after the game stays."""
    md = (f"# Saltgrass\n\n{PROSE}\n\n*This dispatch is made possible by Verdance Camera Rental, who lent us "
          "the cinema "
          "lenses for the harbour sequences.*\n\n## Guess the frame\n\n![A blurred still of a woman holding a lantern]"
          "(https://s.example/f.jpg)\n\n**Last dispatch&#8217;s frame** was from *The River Keepers* (2019). Forty-one "
          "of you got it.\n\nRoll sound,<br>Marguerite\n\n[Unsubscribe](https://s.example/u)")
    assert kept(md, [0.1, 0.1, 0.94, 0.97, 0.9, 0.7, 0.16, 0.99])[6] is True


# -- session 24 review: news the drafts of the session's rules dropped -------------------------------------------------

def test_a_note_that_some_listings_are_paid_does_not_make_the_editors_picks_an_ad() -> None:
    md = (f"# Jobs\n\n{PROSE}\n\n## Jobs we like<br>*Paid listings are marked ★. Everything else our editors "
          "picked.*\n\n"
          "[Senior data engineer, Harbour Health](https://j.example/1) — remote UK, £80k. Harbour is rebuilding its "
          "patient-records platform.\n\n★ [Platform lead, Kestrel Cloud](https://j.example/2) — London, £110k.\n\n"
          + PROSE)
    assert kept(md, [0.1, 0.1, 0.1, 0.05, 0.1, 0.1])[2:4] == [True, True]


def test_paid_listings_over_a_story_the_model_reads_as_news_stay() -> None:
    md = (f"# The Growler Fill\n\n{PROSE}\n\n## **Community Board**<br><em>Paid listings from our neighbours. "
          "Want one? "
          "$25 a week, reply to this email.</em>\n\n**Lost:** black-and-white border collie. Call Jonah, 541-555-0178."
          "\n\n**Brewery update**\n\nThe new canning line arrived on Monday and the first run of Quillback Pale "
          "will be "
          "on shelves by Friday, Deb says.\n\nCheers,<br>Deb, Hollis and the whole Quillback crew")
    assert kept(md, [0.1, 0.1, 0.9, 0.6, 0.3, 0.1, 0.1])[4:6] == [True, True]


def test_a_story_that_says_call_after_classifieds_stays() -> None:
    md = (f"# Parish News\n\n{PROSE}\n\n## Classifieds\n\n**For sale:** aluminium greenhouse, you dismantle, £120 ono. "
          "Tel. 01632 960 418.\n\n**Wanted:** allotment-share partner for plot 14. Call Bernard on 01632 960 221.\n\n"
          "The parish council will call a public meeting on the bypass route on 14 May at the village hall; the "
          "county's engineers will attend and answer questions.")
    assert kept(md, [0.1, 0.1, 0.41, 0.69, 0.72, 0.17]) == [True, True, False, False, False, True]


def test_from_our_partners_over_partner_organisations_news_stays() -> None:
    md = (f"# Coalition\n\n{PROSE}\n\n**From our partners:** Shelter Cornwall reports that evictions rose 30% "
          "this year, "
          f"the steepest rise in England. [Read the report](https://s.example/r)\n\n**Paid listing:** how much does it "
          f"cost to get on the top of Google Maps? We asked six shops in Truro.\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.46, 0.2, 0.1]) == [True] * 5


@pytest.mark.parametrize("line", [
    "**And finally:** the Hollins Heath allotment society is now a registered charity, so donations can claim "
    "Gift Aid.",
    "The new night bus is operated by Tresco Mobility Ltd and runs hourly from Friday until the end of March.",
    "Correction: last week we said the Torpoint ferry is operated by Tamar Ferries Ltd on behalf of the county. It is "
    "operated by Cornwall Council.",
    "Edited by Jo Park for the Hollins Heath Horticultural Society, registered charity no. 1098824.",
    "Thanks for reading — Deb and Hollis. Quillback Brewing Co. is registered in England, company no. 1234567.",
])
def test_a_story_credit_correction_or_sign_off_before_the_footer_is_no_legal_line(line: str) -> None:
    md = f"# Issue\n\n{PROSE}\n\n{line}\n\nYou are receiving this because you signed up. [Unsubscribe](https://q.example/u)"
    assert kept(md, [0.1, 0.1, 0.7, 0.99])[2] is True


@pytest.mark.parametrize(("item", "proba"), [
    # a community's or a reporter's "our" over a queue button is no house offer
    ("The library's free Saturday coding club for our village's children is already full for spring, the librarian "
     "says. [Join the wait list](https://l.example/w)", 0.65),
    ("The planning inquiry into the Fore Street flats opens on 3 June; the public gallery has 40 free seats and our "
     "reporter will be there. [Request a seat](https://l.example/s)", 0.65),
    # an editorial listing closed by a membership or a day pass
    ("**Tate Modern:** the Hilma af Klint retrospective opens on Friday, with 120 paintings. [Buy a membership]"
     "(https://t.example/m)", 0.7),
    ("**Kew Gardens:** the Temperate House reopens this weekend after a two-year restoration. [Buy a day pass]"
     "(https://k.example/d)", 0.7),
    # an explainer's puzzle or riddle kicker is no quiz
    ("**Rate puzzle:** Inflation is falling but hiring is strong. Will the Fed cut on Wednesday? The answer comes "
     "tomorrow.", 0.03),
    ("**A housing puzzle:** why are rents rising when one flat in twelve stands empty? [Our data team dug in]"
     "(https://l.example/h)", 0.03),
    ("**Policy riddle:** Ministers promised to cut waiting lists and to cap NHS spending. Can they do both? Answer "
     "below.", 0.03),
])
def test_news_items_that_end_like_a_pitch_or_open_like_a_quiz_stay(item: str, proba: float) -> None:
    assert kept(f"# Village\n\n{PROSE}\n\n{item}\n\n{PROSE}", [0.1, 0.1, proba, 0.1]) == [True] * 4


def test_a_story_after_the_sponsors_button_that_registers_for_something_else_stays() -> None:
    md = (f"# The Paycheck Plan\n\n_This issue is brought to you by [Ferncastle Bank](https://f.example/b). Earn 4.10% "
          f"APY on savings with no monthly fees._\n\n{PROSE}\n\n## A word from Ferncastle Bank\n\nFerncastle lets you "
          "open up to 10 savings buckets in one account.\n\n[Open a Ferncastle account in 5 minutes →]"
          "(https://f.example/o)\n\n**Reader question**\n\nMaria asks whether she should pay off her car loan early. I "
          "said no. The free-file pilot closes Friday, so [register for Direct File](https://irs.example/d) if you "
          "qualify.")
    decided = kept(md, [0.1, 0.6, 0.1, 0.1, 0.1, 0.2, 0.1, 0.2])
    assert decided[3:6] == [False, False, False] and decided[6:] == [True, True]


@pytest.mark.parametrize("title", ["A word from Hollins Council", "A word from Ocean Press"])
def test_a_word_from_a_council_or_a_press_is_no_company(title: str) -> None:
    md = (f"# Village\n\n{PROSE}\n\n## {title}\n\nGarden waste collections move to fortnightly from 1 April. Hollins "
          "residents who already pay will be moved over automatically.\n\n[Register for garden waste collection]"
          f"(https://h.example/g)\n\n## More\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.5, 0.6, 0.6, 0.1, 0.1]) == [True] * 7


def test_powered_by_a_library_over_a_long_read_stays() -> None:
    md = (f"# Issue\n\n{PROSE}\n\n## This issue is powered by Hollins Library\n\n**The long read: the night the sea "
          f"came in**\n\n{PROSE}\n\n{PROSE}")
    # the line names a sponsor and goes (LABELLING.md's banner); the long read under it stays
    assert kept(md, [0.1, 0.1, 0.5, 0.2, 0.1, 0.1]) == [True, True, False, True, True, True]


# -- session 24, set ac (its misses read, after the figures of the rules from sets aa and ab) --------------------------

def test_member_classifieds_with_escaped_phone_numbers() -> None:
    """Session 24, set ac: "## Member classifieds" over ads whose numbers a converter escaped ("785\\-555\\-0142")."""
    md = (f"# The Scale Ticket\n\n{PROSE}\n\n## Member classifieds\n\n**For sale:** 2014 30\\-foot flex draper head, "
          "$28,500. Call Wes, 785\\-555\\-0142.\n**Custom baling:** large rounds, net wrap. Bauer Hay, "
          f"785\\-555\\-0187.\n\n## Safety corner\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.16, 0.6, 0.1, 0.1]) == [True, True, False, False, True, True]
    # titles other than "Classifieds" also title stories: only over ads the model half suspects (review)
    assert kept(md, [0.1, 0.1, 0.16, 0.04, 0.1, 0.1]) == [True] * 6


def test_the_line_naming_the_issues_sponsor_with_its_tagline_and_the_sponsors_item_led_from_it() -> None:
    """Session 24, set ac: "This week's briefing is supported by **Keystride**: sign-in that phishing kits can't
    replay." at the top, and "**Quick hit from Keystride:** … [See how it works](…)" further down."""
    md = ("This week’s briefing is supported by **Keystride**: sign-in that phishing kits can’t replay.\n\n"
          f"# Sinkhole Weekly\n\n{PROSE}\n\n**Quick hit from Keystride:** 91% of the credential phishing we see now "
          "steals session cookies, not passwords. Keystride's passkeys stop both. [See how it works]"
          f"(https://k.example/h)\n\n**News from Lisbon:** {PROSE} [Read more](https://n.example/l)")
    assert kept(md, [0.6, 0.1, 0.1, 0.24, 0.1]) == [False, True, True, False, True]


def test_a_story_about_the_issues_sponsor_led_in_bold_stays() -> None:
    md = ("This week’s briefing is supported by **Keystride**: sign-in that phishing kits can’t replay.\n\n"
          f"# Sinkhole Weekly\n\n{PROSE}\n\n**Keystride raises $40M:** the passkey start-up's Series B was led by "
          "Harbour Ventures. [Read more](https://n.example/k)")
    assert kept(md, [0.6, 0.1, 0.1, 0.2])[3] is True


def test_an_italic_credit_with_an_appositive_and_a_code_and_thanks_for_support_that_sells() -> None:
    """Session 24, set ac."""
    credit = ("*This dispatch is made possible by Verdance Camera Rental, who lent us the cinema lenses for the "
              "harbour "
              "sequences. Readers get 15% off any weekend rental with code SLATE15.* [verdance.example]"
              "(https://v.example/r)")
    thanks = ("Thanks to **Tillman Ridge Seed** for their support of The Scale Ticket. TR\\-4410 yielded 212 "
              "bu/acre in "
              "last year's Wickett plots. [Ask about early-order savings](https://t.example/s)")
    for line in (credit, thanks):
        assert kept(f"# Issue\n\n{PROSE}\n\n{line}\n\n{PROSE}", [0.1, 0.1, 0.2, 0.1]) == [True, True, False, True]


def test_thanks_for_support_without_an_offer_stays() -> None:
    md = (f"# Issue\n\n{PROSE}\n\nThanks to **Rush County 4-H** for their support of the fair this year. Their "
          f"volunteers ran the livestock barns for three days. [See the results](https://r.example/f)\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.2, 0.1]) == [True] * 4


def test_listings_under_their_own_promoted_label() -> None:
    """Session 24, set ac: "*Promoted listings*" on the first line of a list of jobs."""
    md = (f"# Crosswind Brief\n\n{PROSE}\n\n## Featured jobs\n\n*Promoted listings*  \n- [B1 licensed engineer, "
          "Nordkap "
          "Regional](https://c.example/1) (Tromsø)\n- [Network planning manager, Sundra Air](https://c.example/2)\n\n"
          f"## More\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.3, 0.14, 0.1, 0.1]) == [True, True, True, False, True, True]


def test_a_picture_game_named_spot_the_x_ends_at_last_weeks_winners() -> None:
    """Session 24, sets ac and ab: "## Spot the tail", the livery, "**Last week's tail:** … First right: …"; the
    issue's sign-off after it stays."""
    md = (f"# Crosswind Brief\n\n{PROSE}\n\n## Spot the tail\n\n![Tail fin in teal with a white swallow](https://c.example/t"
          ".jpg)  \nWhich airline flies this livery? Reply with your guess.\n\n**Last week's tail:** Kestrel "
          "Cargo's 2019 "
          "livery. First right: Ilse Brandvold in Bergen.\n\nRide safe, and give the crews a wave.<br>The "
          "Crosswind team"
          "\n\n[Unsubscribe](https://c.example/u)")
    assert kept(md, [0.1, 0.1, 0.24, 0.5, 0.31, 0.3, 0.99]) == [True, True, False, False, False, True, False]


def test_how_was_todays_brief_with_its_options_is_a_feedback_poll() -> None:
    """Session 24, set ac."""
    md = (f"# Brief\n\n{PROSE}\n\nHow was today's brief?  \n[Smooth](https://c.example/1)  |  [Some chop]"
          "(https://c.example/2)  |  [Turbulent](https://c.example/3)")
    assert kept(md, [0.1, 0.1, 0.5]) == [True, True, False]


@pytest.mark.parametrize("line", [
    "Crosswind Brief is the daily newsletter on the business of flying, published by Tarrow Aero Media. Advertisers "
    "have no say over what we cover.",
    "*These statements have not been evaluated by the Food and Drug Administration. This product is not intended to "
    "diagnose, treat, cure or prevent any disease.*",
])
def test_an_independence_statement_or_a_supplement_disclaimer_in_the_end_matter_is_footer(line: str) -> None:
    """Session 24, set ac."""
    md = f"# Issue\n\n{PROSE}\n\n{line}\n\nYou are receiving this because you signed up. [Unsubscribe](https://q.example/u)"
    assert kept(md, [0.1, 0.1, 0.74, 0.99]) == [True, True, False, False]


def test_a_crowdfunders_pitch_in_our_voice_closed_by_back_the_film() -> None:
    """Session 24, set ac."""
    md = (f"# Saltgrass\n\n{PROSE}\n\n**Eleven days left** on our finishing-funds campaign. We need $18,400 for "
          "the sound "
          f"mix. [Back the film](https://s.example/b)\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.83, 0.1]) == [True, True, False, True]


# -- session 24 review of the set-ac rules: news their drafts dropped --------------------------------------------------

def test_marketplace_over_headlines_or_a_market_report_stays() -> None:
    links = (f"# Brief\n\n{PROSE}\n\n## Marketplace\n\n- [Amazon raises seller fulfilment fees again](https://n.example/a)"
             "\n- [Etsy sellers protest new mandatory ad programme](https://n.example/b)\n\n## More\n\n" + PROSE)
    assert kept(links, [0.1, 0.1, 0.1, 0.02, 0.1, 0.1]) == [True] * 6
    report = (f"# Co-op\n\n{PROSE}\n\n## Marketplace\n\nCash wheat closed at $5.82 at the Hays Co-op on Friday, up 11 "
              "cents; call the co-op at 785\\-555\\-0100 or the Ellis branch at 785\\-555\\-0133 for the day's numbers."
              "\n\n## More\n\n" + PROSE)
    assert kept(report, [0.1, 0.1, 0.1, 0.02, 0.1, 0.1]) == [True] * 6


@pytest.mark.parametrize("lead", ["**Statement from Keystride:** the company confirmed on Thursday that attackers "
                                  "accessed a support database. [Read the disclosure](https://k.example/d)",
                                  "**Also from Keystride:** the firm laid off 40 staff on Monday, [per filings]"
                                  "(https://k.example/f)."])
def test_news_from_the_issues_sponsor_led_in_bold_stays(lead: str) -> None:
    md = ("This week’s briefing is supported by **Keystride**: sign-in that phishing kits can’t replay.\n\n"
          f"# Sinkhole Weekly\n\n{PROSE}\n\n{lead}\n\n{PROSE}")
    assert kept(md, [0.6, 0.1, 0.1, 0.1, 0.1])[3] is True


@pytest.mark.parametrize("line", ["Today's edition is presented by Maya Chen: she is filling in for Sam this week.",
                                  "This week's issue is brought to you by Reuters and AP: wire copy used with "
                                  "permission."])
def test_a_top_line_crediting_a_guest_host_or_the_wires_stays(line: str) -> None:
    assert kept(f"{line}\n\n# Issue\n\n{PROSE}", [0.16, 0.1, 0.1])[0] is True


@pytest.mark.parametrize("block", [
    "*This issue is made possible by Lena Park, who spent three months in the county archive. Readers get her full "
    "timeline of the levy fight in Sunday's edition.*",
    "Thanks to **Volunteers of Rush County** for their support of the fair this year. Their crews ran the livestock "
    "barns for three days. [Sign up to volunteer next year](https://r.example/v)",
    "Thanks to **Kroger** for its support this year. Its stores donated 41,000 pounds of produce to the pantry. "
    "[Give at checkout](https://k.example/g)",
    "**Promoted listings**  \neBay is cutting the fee for its promoted listings in half for sellers with fewer than "
    "100 items. [Read more](https://e.example/p)",
    "_Paid roles_  \n- [Research assistant, Hydrology Lab](https://u.example/r) — $18/hr",
    "How was this week's Met Gala? [Red carpet photos](https://m.example/1) · [Best dressed](https://m.example/2) · "
    "[Full recap](https://m.example/3)",
    "**Eleven days left** for Ana Ruiz's Salton Sea documentary, which has raised $84,000. Our critic saw a rough cut "
    "and loved it. [Back the film](https://s.example/b)",
])
def test_credits_acknowledgements_and_stories_that_look_like_the_set_ac_shapes_stay(block: str) -> None:
    assert kept(f"# Issue\n\n{PROSE}\n\n{block}\n\n{PROSE}", [0.1, 0.1, 0.5, 0.1]) == [True] * 4


def test_a_match_report_under_a_question_headline_is_no_game() -> None:
    md = (f"# Sport\n\n{PROSE}\n\n## Can anyone stop City?\n\n**Last week's match:** City were first to 50 "
          "points after "
          f"a 3-1 win at Rovers, with Okafor scoring twice.\n\n{PROSE}")
    assert kept(md, [0.1, 0.1, 0.1, 0.1, 0.1]) == [True] * 5


@pytest.mark.parametrize("line", [
    "The Media Brief is written by Ana Ruiz. Advertising does not influence our coverage.",
    "KVTX's news director, Jo Park, told us: \"Advertisers have no say in what we report.\"",
    "The FTC says the gummies have not been evaluated by the Food and Drug Administration and must be recalled.",
])
def test_a_credit_a_quotation_or_a_story_with_independence_or_fda_words_stays(line: str) -> None:
    md = f"# Issue\n\n{PROSE}\n\n{line}\n\nYou are receiving this because you signed up. [Unsubscribe](https://q.example/u)"
    assert kept(md, [0.1, 0.1, 0.7, 0.99])[2] is True


def test_a_picture_game_with_last_weeks_answer_first_ends_after_this_weeks_picture() -> None:
    md = (f"# Crosswind Brief\n\n{PROSE}\n\n## Spot the tail\n\n**Last week's tail:** Kestrel Cargo's 2019 "
          "livery. First "
          "right: Ilse Brandvold.\n\n![Tail fin in dark red with three gold chevrons](https://c.example/t.jpg)\n\n"
          "Which airline flies this livery? Reply with your guess.\n\n## Fleet news\n\n" + PROSE)
    assert kept(md, [0.1, 0.1, 0.3, 0.3, 0.3, 0.3, 0.1, 0.1]) == [True, True, False, False, False, False, True, True]


# -- the threshold signature (Cleaner._choose_threshold runs the rules once per distinct signature) -----------------
def _threshold_uses(source: str) -> list[str]:
    """Each use of ``threshold`` and ``floor`` in the code of ``source`` (comments and strings left out) that
    ``threshold_signature`` does not account for. Accounted for: a block's probability (``p[...]``, ``pi``, ``pj``)
    compared as ``>= scale * threshold`` or ``< scale * threshold``, directly or through
    ``floor = BANNER_FOLLOW * threshold``, and the value handed on as a parameter or an argument."""
    import io
    import token
    import tokenize

    from newsclean.model import revise as revise_mod

    scales = {name for name in dir(revise_mod) if name.isupper() and isinstance(getattr(revise_mod, name), float)
              and getattr(revise_mod, name) in revise_mod.THRESHOLD_SCALES}
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type in (token.NAME, token.OP, token.NUMBER)]
    text = [t.string for t in tokens]

    def a_probability(end: int) -> bool:
        """The expression that ends at token ``end`` is ``pi``, ``pj`` or ``p[...]``."""
        if text[end] in ("pi", "pj"):
            return True
        if text[end] != "]":
            return False
        depth, k = 0, end
        while k >= 0:
            depth += {"]": 1, "[": -1}.get(text[k], 0)
            if depth == 0:
                return k > 0 and text[k - 1] == "p"
            k -= 1
        return False

    def compared_at(op: int) -> bool:
        return op >= 1 and text[op] in (">=", "<") and a_probability(op - 1)

    odd = []
    for n, t in enumerate(tokens):
        if t.type != token.NAME or t.string not in ("threshold", "floor"):
            continue
        after = text[n + 1] if n + 1 < len(text) else ""
        if after in ("+", "-", "*", "/", "//", "%", "**", "."):
            ok = False
        elif t.string == "floor":
            ok = compared_at(n - 1) or (after == "=" and text[n + 2:n + 5] == ["BANNER_FOLLOW", "*", "threshold"])
        else:
            scaled = n >= 2 and text[n - 1] == "*" and text[n - 2] in scales
            ok = (compared_at(n - 3 if scaled else n - 1)
                  or (scaled and text[n - 3:n - 2] == ["="] and text[n - 4:n - 3] == ["floor"])
                  or (text[n - 1] in ("(", ",") and after in (",", ")", ":")))  # a parameter, an argument
        if not ok:
            odd.append(f"line {t.start[0]}: {t.string}")
    return odd


def test_the_rules_see_the_threshold_only_through_the_signatures_comparisons() -> None:
    from pathlib import Path

    from newsclean.model import revise as revise_mod

    source = Path(revise_mod.__file__).read_text(encoding="utf-8")
    rules = source[:source.index("\ndef threshold_signature(")]  # (the signature itself compares with them all)
    assert _threshold_uses(rules) == []
    assert source.count("threshold") > 100  # (the source was read)
    # what the check must refuse: another comparison, another multiple, arithmetic, not a block's probability
    for code in ("x = p[i] > threshold\n", "x = p[i] >= 0.3 * threshold\n", "x = p[i] >= threshold - 0.1\n",
                 "x = p.mean() >= threshold\n", "floor = 2 * threshold\nx = p[i] < floor\n",
                 "x = q[i] >= SELL_FLOOR * threshold\n", "x = p[i] >= floor + 0.1\n"):
        assert _threshold_uses(code) != [], code
    for code in ("x = p[order[0]] >= SELL_FLOOR * threshold\n", "f(p, threshold, out)\n",
                 "def f(p, threshold: float):\n    floor = BANNER_FOLLOW * threshold\n    return pi < floor\n"):
        assert _threshold_uses(code) == [], code


def test_decisions_at_thresholds_with_one_signature_are_the_same() -> None:
    """Memoised by signature or not, the rules decide alike at every threshold ``_choose_threshold`` tries."""
    from newsclean.model.cleaner import THRESHOLD_GRID, Cleaner, make_doc
    from newsclean.model.revise import threshold_signature

    text = ("# The Weekly\n\n**Sponsored by Acme**\n\nAcme makes widgets. [Try it](https://acme.com)\n\n## News\n\n"
            "A story about the council's budget vote, with enough words to read as prose for the rules here.\n\n"
            "Quiz: what is the capital of France?\n\nA) Paris\nB) Lyon\n\nAnswer: yesterday's was Paris.\n\n"
            "[Unsubscribe](https://example.com/u) | [Preferences](https://example.com/p)\n")
    blocks = parse_blocks(text)
    rng = np.random.default_rng(0)
    docs = [make_doc(blocks, [0] * len(blocks), [None] * len(blocks), g, f"{g}-1") for g in ("A", "B")]
    p = rng.choice([0.02, 0.04, 0.2, 0.33, 0.45, 0.6, 0.8, 0.93, 0.99], size=2 * len(blocks))
    offsets = np.array([0, len(blocks), 2 * len(blocks)])
    cleaner = Cleaner()
    memo: dict[tuple[int, bytes], list[bool]] = {}
    for thr in THRESHOLD_GRID:
        assert np.array_equal(cleaner._apply_rules(docs, p, offsets, thr, memo),
                              cleaner._apply_rules(docs, p, offsets, thr))
    assert len(memo) < 2 * len(THRESHOLD_GRID)  # some thresholds were served from the memo
    assert threshold_signature(p, 0.5) != threshold_signature(p, 0.9)
