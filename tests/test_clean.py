"""Tests for claimledger.clean: debris rules, title detection, story window, learning.

Every text here is invented for these tests.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger.clean import (
    clean,
    debris_rule,
    find_title,
    label_lines,
    learn_recurring,
    normalize_line,
)
from claimledger.records import Article

NBSP = "\u00a0"

# A story of five paragraphs, one of them a short lead-in line without a full stop.
STORY = [
    "Harbor officials confirmed on Tuesday that the northern pier will close for repairs after 3,200 tonnes of cargo were diverted.",
    "The port authority says that 140 workers have been reassigned and that the southern terminal now handles 80% of the traffic.",
    "Here is what the harbour master told reporters about the timetable",
    "“We expect the works to last eleven weeks, and nobody will lose a job because of them,” she said.",
    "He declined to comment.",
]
TITLE = "Port authority: northern pier closes as cargo moves south"


def make_text(*blocks: str) -> str:
    """Lines separated by blank lines, as scrapers leave them."""
    return "\n\n".join(blocks)


def body_lines(article: Article) -> list[str]:
    return [article.text[s:e] for s, e in article.body]


def cleaned(text: str, **kwargs) -> Article:
    return clean(Article(text=text, title=kwargs.pop("title", None)), **kwargs)


def assert_ranges_valid(article: Article) -> None:
    """Body ranges are trimmed, non-empty, ordered, disjoint offsets into the text, clear of the title."""
    previous_end = -1
    for start, end in article.body:
        piece = article.text[start:end]
        assert piece and piece == piece.strip(), (start, end, piece)
        assert start >= previous_end
        previous_end = end
        if article.title_span:
            assert end <= article.title_span[0] or start >= article.title_span[1]


# ---- rules, one line each

RULE_CASES = [
    ("in ,", "residue"),
    ("|", "residue"),
    ("•", "residue"),
    ("0 0 vote", "vote"),
    ("12 votes", "vote"),
    ("Article Rating", "vote"),
    ("Rate this article:", "vote"),
    ("Help us grow. Support Harbor Gazette on Patreon!", "donation"),
    ("Donate", "donation"),
    ("Donate now!", "donation"),
    ("Subscribe", "donation"),
    ("Subscribe today", "donation"),
    ("Please support our journalism with a small monthly gift.", "donation"),
    ("The views and opinions expressed in this piece are solely those of the writer and do not reflect those of Harbor Gazette.",
     "disclaimer"),
    ("The statements and opinions expressed on this blog are those of the authors alone.", "disclaimer"),
    ("Disclaimer: this note is for information only.", "disclaimer"),
    ("What do you think?", "comments"),
    ("Notify of", "comments"),
    ("Inline Feedbacks", "comments"),
    ("View all comments", "comments"),
    ("Leave a comment", "comments"),
    ("Leave a Reply", "comments"),
    ("17 comments", "comments"),
    ("[ 167 comments ]", "comments"),
    ("1 Comment", "comments"),
    ("Comments (4)", "comments"),
    ("3 thoughts on “Pier closes”", "comments"),
    ("Related articles", "related"),
    ("You may also like", "related"),
    ("Most read", "related"),
    ("Share", "share"),
    ("Share this:", "share"),
    ("Tweet", "share"),
    ("Share on Facebook", "share"),
    ("Facebook Twitter WhatsApp Email", "share"),
    ("Comments", "share"),
    ("Advertisement", "advert"),
    ("ADVERTISEMENT", "advert"),
    ("Story continues below advertisement", "advert"),
    ("Continue reading the main story", "advert"),
    ("Sign up for our morning newsletter and never miss a tide table.", "newsletter"),
    ("Get the harbour briefing in your inbox. By signing up, you agree to our terms", "newsletter"),
    ("This website uses cookies to improve your experience.", "cookies"),
    ("© 2024 Harbor Gazette. All rights reserved.", "copyright"),
    ("READ MORE: Ferry fares rise again", "link"),
    ("Related: Dock strike ends after two days", "link"),
    ("By Jane Doe", "byline"),
    ("By Jane Doe and Ravi Kumar | Staff writers", "byline"),
    ("Published: 14 Dec 2016", "date"),
    ("December 14, 2016", "date"),
    ("2016-12-14T10:00:00Z", "date"),
    ("The old lighthouse at dusk. (Photo: Jane Doe/Harbor Gazette)", "caption"),
    ("Cranes idle on the quay (Image: GETTY)", "caption"),
    ("Local news costs money to make. Donate to Harbor Gazette today.", "donation"),
    ("Keep the lights on: become a member for less than a ferry ticket.", "donation"),
    ("Subscribe to Harbor Gazette from €2 a month.", "donation"),
    ("The views of our columnists are their own and do not necessarily reflect those of Harbor Gazette.", "disclaimer"),
    ("Opinions in this column are the writer’s own.", "disclaimer"),
    ("Follow Harbor Gazette on Twitter for live updates.", "share"),
    ("Follow us on Mastodon", "share"),
    ("(Reporting by Jane Doe; editing by John Roe)", "byline"),
    ("Reporting by Jane Doe; Editing by John Roe", "byline"),
    ("By Jane Doe in Portsmouth", "byline"),
    ("Home › World › Harbours", "navigation"),
    ("Related coverage", "related"),
    ("Skip to content", "navigation"),
    ("Privacy Policy", "navigation"),
    ("Explore further", "related"),
    ("Tweets by @harbourgazette", "share"),
    ("Breaking News Emails", "newsletter"),
    ("Get breaking news alerts and the tide tables, delivered every morning.", "newsletter"),
    ("The stories that matter to the quay, delivered to your inbox.", "newsletter"),
    ("Let our harbour news meet your inbox.", "newsletter"),
    ("Privacy & Cookies Policy", "cookies"),
    ("Privacy Overview", "cookies"),
    ("Necessary Always Enabled", "cookies"),
    ("Necessary cookies are absolutely essential for the website to function properly.", "cookies"),
    ("Any cookies that may not be necessary for the website to function are called non-necessary cookies.", "cookies"),
    ("This site is protected by reCAPTCHA and its Privacy Policy apply.", "cookies"),
    ("This document is subject to copyright. No part may be reproduced without permission.", "copyright"),
    ("Post navigation", "postnav"),
    ("Previous Post: Ferry fares rise again", "postnav"),
    ("Next article » Dock strike ends after two days", "postnav"),
    ("Follow us elsewhere:", "navigation"),
    ("Photo: Ana M. Ferreira", "caption"),
    ("Ana Ferreira | Harbor Gazette | Getty Images", "caption"),
    ("Image copyright Harbour Trust", "caption"),
    ("Image caption The old lighthouse keeper, who retired in May", "caption"),
    ("Image 1 of 12", "caption"),
    ("1 / 12", "caption"),
    ("Back to Gallery", "caption"),
    ("By", "byline"),
    ("By Jane Doe jdoe@harbourgazette.example (555) 010-4477", "byline"),
    ("Published: Nov. 19, 2019, 6:18 p.m. Updated: Nov. 19, 2019, 7:10 p.m.", "date"),
    ("Tags: ferries, harbour, strike, winter timetable", "date"),
    ("Wordcount: 717", "date"),
    ("Sign Up for e-mail newsletters", "newsletter"),
    ("You have been successfully subscribed!", "newsletter"),
    ("There was a problem subscribing you to the newsletter. Check your email and try again.", "newsletter"),
    ("No spam, we promise. You can unsubscribe at any time.", "newsletter"),
    ("Most read stories", "related"),
    ("Top stories in Harbours", "related"),
]


@pytest.mark.parametrize(("line", "rule"), RULE_CASES)
def test_debris_rule_names_the_rule(line: str, rule: str) -> None:
    assert debris_rule(line) == rule


STORY_LINES = [
    "Readers left 40 comments under the mayor's post, most of them angry.",
    "The council voted to donate the land to the school district.",
    "Share prices fell 3% on Monday after the announcement.",
    "By then the river had risen two metres above its banks.",
    "By contrast, the navy said nothing",
    "What do you think the minister meant by that, he asked the crowd.",
    "The views expressed at the meeting were mixed, officials said.",
    "Subscribers to the ferry pass will get a refund, the company said.",
    "In Aleppo, the army said it controlled 93% of the eastern districts.",
    "Related talks will continue in Geneva next week, a spokesman said.",
    "Published figures show 1,200 people left the city in December 2016.",
    "Advertisements for the new route appeared on buses across the city.",
    "Notify of any changes, the instructions to the crew said.",
    "Support us, the protesters chanted as police advanced on the square",
    "Help us grow the harbour economy, the mayor urged local firms",
    "Copyright lawyers said the case could take years to settle",
    "See-saw politics continue in the capital as talks stall",
    "The agency released one image: a blurred shot of the convoy",
    "She went on to become a member of parliament in 2010.",
    "The minister urged citizens to donate to the relief fund.",
    "“Donate blood,” the hospital urged on Friday.",
    "The views of the panel do not necessarily reflect the government's position, he warned.",
    "The views of residents are their own business, the mayor said.",
    "Follow the river for two miles and you reach the camp.",
    "Reporting by local journalists has been restricted since March.",
    "Home is where the harbour is, the old sailors say.",
    "The regulator said websites must ask before they store cookies, and fined two firms.",
    "Bakers sold 4,000 cookies at the fair, the organisers said.",
    "Residents complained that the fines landed in their inbox without warning.",
    "Explore further inland and the villages empty out.",
    "The next article of the treaty covers fishing rights.",
    "Necessary repairs will take the pier out of use until May.",
    "By noon, 300 people had gathered on the quay.",
    "Photographs of the pier taken in 1990 show the same cracks.",
    "The image of the burning ship was shown 1,000 times a day.",
    "Tags on the crates showed they came from the north.",
    "Top stories in the local paper rarely mention the harbour.",
    "Follow us, the guide told the tourists, and stay close.",
    "The score was 3 of 4 in the final round.",
    "Subscribers who signed up before May will get a refund, the company said.",
    TITLE,
]


@pytest.mark.parametrize("line", STORY_LINES)
def test_story_lines_match_no_rule(line: str) -> None:
    assert debris_rule(line) is None


# ---- whole articles

TAIL = [
    "0 0 vote",
    "Article Rating",
    "Help us grow. Support Harbor Gazette on Patreon!",
    "The views and opinions expressed in this piece are solely those of the writer and do not reflect those of Harbor Gazette.",
    "What do you think?",
    "Inline Feedbacks",
    "Notify of",
    "View all comments",
    "Ferry operators threaten strike over winter timetable",
    "Why the old lighthouse may never shine again (Video)",
]


def scraped() -> str:
    """A scraped page: residue, title, story, then the widget tail and related titles."""
    return make_text("in ,", TITLE, *STORY[:-1], STORY[-1] + NBSP, "\n".join(TAIL[:3]), *TAIL[3:])


def test_scraped_article_comes_out_clean_with_rules_alone() -> None:
    article = cleaned(scraped())
    assert article.title == TITLE
    assert article.text[slice(*article.title_span)] == TITLE
    assert body_lines(article) == STORY
    assert_ranges_valid(article)


@pytest.mark.parametrize("debris", ["in ,", *TAIL])
def test_no_debris_line_is_in_the_body(debris: str) -> None:
    article = cleaned(scraped())
    at = article.text.index(debris)
    assert not any(s <= at < e for s, e in article.body)


def test_related_titles_after_the_tail_are_labelled_tail() -> None:
    labels = {line.text: label for line, label in label_lines(Article(text=scraped())).lines}
    assert labels[TAIL[-1]] == "tail"
    assert labels[TAIL[-2]] == "tail"
    assert labels["What do you think?"] == "comments"


@pytest.mark.parametrize(
    "marker",
    ["0 0 vote", "Article Rating", TAIL[3], "What do you think?", "Leave a comment", "5 comments", "Related articles", "You may also like"],
)
def test_any_tail_widget_ends_the_story_and_turns_titles_after_it_into_debris(marker: str) -> None:
    related = ["Ferry operators threaten strike over winter timetable", "Lighthouse keepers: the last three"]
    article = cleaned(make_text(TITLE, *STORY, marker, *related))
    assert body_lines(article) == STORY
    labels = {line.text: label for line, label in label_lines(Article(text=article.text)).lines}
    assert [labels[r] for r in related] == ["tail", "tail"]


@pytest.mark.parametrize(
    ("middle", "kept"),
    [
        ("Advertisement", False),
        ("Share on Facebook", False),
        ("READ MORE: Ferry fares rise again", False),
        ("Tide tables for the week ahead", True),  # a short line inside the story is story
        ("— The ferry to the islands resumes on Friday", True),
        ("Ferry operators threaten strike over winter timetable", True),  # title-like, but not after a tail
    ],
)
def test_lines_inside_the_story_are_kept_unless_a_rule_matches(middle: str, kept: bool) -> None:
    article = cleaned(make_text(TITLE, STORY[0], middle, STORY[1], STORY[3]))
    assert (middle in body_lines(article)) is kept
    assert {STORY[0], STORY[1], STORY[3]} <= set(body_lines(article))


def test_story_may_end_on_a_short_sentence_and_a_list() -> None:
    items = ["- Pier A: closed", "- Pier B: open from six"]
    article = cleaned(make_text(TITLE, STORY[0], STORY[1], "It will reopen in May.", *items, "Share", "Home"))
    assert body_lines(article) == [STORY[0], STORY[1], "It will reopen in May.", *items]


@pytest.mark.parametrize("rows", [8, 15])
def test_a_table_inside_the_story_does_not_cut_it(rows: int) -> None:
    table = [f"Pier {chr(65 + i)} {10 + i}" for i in range(rows)]
    paragraphs = [STORY[0], STORY[1], STORY[3]]
    article = cleaned(make_text(TITLE, paragraphs[0], "\n".join(table), *paragraphs[1:], "Share"))
    assert body_lines(article) == [paragraphs[0], *table, *paragraphs[1:]]


def test_story_may_start_on_a_short_line() -> None:
    article = cleaned(make_text(TITLE, "Night fell over the quay.", STORY[0], STORY[1]))
    assert body_lines(article) == ["Night fell over the quay.", STORY[0], STORY[1]]


def test_page_furniture_around_the_story_is_dropped() -> None:
    menu = ["Home", "World", "Business", "Sport", "Weather", "Opinion", "Culture", "Travel", "Podcasts"]
    footer = ["About us", "Careers", "Press", "Masthead", "Archive", "Corrections", "Help", "Jobs", "Events"]
    article = cleaned(make_text(TITLE, "\n".join(menu), *STORY[:2], STORY[3], "\n".join(footer)))
    assert article.title == TITLE
    assert body_lines(article) == [STORY[0], STORY[1], STORY[3]]


def test_readers_comments_do_not_outweigh_the_story() -> None:
    comment = "I have lived by this harbour for forty years and I have never seen the pier in such a bad state, honestly."
    thread = "\n".join(["12 comments", *(f"reader{i}\n{comment}" for i in range(8))])
    article = cleaned(make_text(TITLE, *STORY[:2], STORY[3], thread))
    assert body_lines(article) == [STORY[0], STORY[1], STORY[3]]


# Teaser cards after a story: kicker or headline lines, then a one-sentence summary.
CARDS = [
    ["Harbour life", "Ferry operators threaten strike over winter timetable",
     "Crews say the new rota leaves too few hands on the night crossings to the islands."],
    ["Weather", "Storm warning lifted for the east coast",
     "Forecasters expect calmer seas by the weekend, though fog may delay the early boats."],
    ["Lighthouse keepers: the last three", "by Ana Ferreira",
     "Three keepers still live on the rock and will retire when the light goes automatic."],
    ["Fish market moves to the old rope works...",
     "Traders welcome the larger hall but worry that tourists will not find the new site."],
]

SECTIONS = [
    "The crews met the owners twice last week and both sides left the talks without a date for the next round.",
    "A union official said the night crossings would stop on Friday unless two more deckhands were hired.",
    "The coastguard issued its warning on Monday and kept small boats in port for most of the day.",
    "By Wednesday the wind had dropped and the first ferry left on time, with forty passengers on board.",
    "The last three keepers took turns on the rock, four weeks on and four weeks off, for eleven years.",
    "Their duties end next spring, when the light is switched to automatic running from the mainland.",
]


@pytest.mark.parametrize(
    ("after", "kept"),
    [
        # three or more cards in a row after the story are furniture, a last bare headline too
        ([line for card in CARDS[:3] for line in card], []),
        ([line for card in CARDS for line in card] + ["Tide tables for the week ahead"], []),
        # two cards may be the story's own short sections: kept
        ([line for card in CARDS[:2] for line in card], [line for card in CARDS[:2] for line in card]),
        # sections of paragraphs in a row are story, however many
        ([CARDS[0][1], *SECTIONS[:2], CARDS[1][1], *SECTIONS[2:4], CARDS[2][0], *SECTIONS[4:]],
         [CARDS[0][1], *SECTIONS[:2], CARDS[1][1], *SECTIONS[2:4], CARDS[2][0], *SECTIONS[4:]]),
    ],
)
def test_teaser_cards_after_the_story_are_cut(after: list[str], kept: list[str]) -> None:
    article = cleaned(make_text(TITLE, *STORY[:2], STORY[3], *after))
    assert body_lines(article) == [STORY[0], STORY[1], STORY[3], *kept]


def test_an_embed_credit_inside_the_last_paragraphs_stays_story_before_cards() -> None:
    credit = "— Harbour Watch (@harbourwatch) 14 March"
    last = "We went down to the quay ourselves to see the works. It was quieter than we expected."
    cards = [line for card in CARDS[:3] for line in card]
    article = cleaned(make_text(TITLE, *STORY[:2], STORY[3], credit, last, *cards))
    assert body_lines(article) == [STORY[0], STORY[1], STORY[3], credit, last]


@pytest.mark.parametrize(
    ("text", "body"),
    [
        # a caption shown twice around a gallery: the later copy is debris
        (make_text(TITLE, STORY[0], "The north pier at low tide, seen from the ferry", STORY[1],
                   "The north pier at low tide, seen from the ferry", STORY[3]),
         [STORY[0], "The north pier at low tide, seen from the ferry", STORY[1], STORY[3]]),
        # the headline again above the story
        (make_text(TITLE, "Harbour", TITLE, *STORY[:2]), [STORY[0], STORY[1]]),
        # short lines may repeat inside a story (a refrain, a table cell)
        (make_text(TITLE, STORY[0], "No change.", STORY[1], "No change.", STORY[3]),
         [STORY[0], "No change.", STORY[1], "No change.", STORY[3]]),
    ],
)
def test_a_line_repeated_later_in_the_text_is_debris(text: str, body: list[str]) -> None:
    assert body_lines(cleaned(text)) == body


TEASER_LINES = [
    "Ferry operators threaten strike over winter timetable HAVENPORT: Crews on the island ferries said on Monday they would stop work.",
    "Storm warning lifted for the east coast NORTH BAY (Reuters): Forecasters lifted the warning late on Sunday as the wind dropped.",
    "Fish market moves to the old rope works HAVENPORT: “We needed the space,” the market’s manager told reporters at the quay.",
]


@pytest.mark.parametrize(
    ("before", "kept"),
    [
        (TEASER_LINES, []),  # headlines run into datelines and leads, in a row: a teaser list
        (TEASER_LINES[:2], []),
        (TEASER_LINES[:1], TEASER_LINES[:1]),  # alone, it may be the story's own headline and lead
        (["HAVENPORT: Crews on the island ferries said on Monday they would stop work on Friday."],
         ["HAVENPORT: Crews on the island ferries said on Monday they would stop work on Friday."]),
    ],
)
def test_teaser_lines_with_datelines_are_debris(before: list[str], kept: list[str]) -> None:
    article = cleaned(make_text(TITLE, *before, *STORY[:2], STORY[3]))
    assert body_lines(article) == [*kept, STORY[0], STORY[1], STORY[3]]


@pytest.mark.parametrize(
    ("after", "kept"),
    [
        # a list closing the story, each item followed by its link
        (["1) Tide tables, 2024 edition", "https://shop.example/tides", "2) Harbour charts", "https://shop.example/charts",
          "3) Ferry timetable", "www.example.org/ferry"],
         ["1) Tide tables, 2024 edition", "https://shop.example/tides", "2) Harbour charts", "https://shop.example/charts",
          "3) Ferry timetable"]),
        # a bare link after the story with no list around it is not story
        (["https://harbourgazette.example/newsletter", "Home"], []),
    ],
)
def test_a_closing_list_with_links_after_its_items_stays_story(after: list[str], kept: list[str]) -> None:
    article = cleaned(make_text(TITLE, *STORY[:2], STORY[3], *after))
    assert body_lines(article) == [STORY[0], STORY[1], STORY[3], *kept]


def test_time_stamps_over_live_updates_are_not_teaser_cards() -> None:
    entries = ["10:05", SECTIONS[0], "10:40", SECTIONS[1], "11:15", SECTIONS[2], "11:50", SECTIONS[3]]
    article = cleaned(make_text(TITLE, *entries, "Most read", "1. Storm warning lifted for the coast"))
    assert body_lines(article) == entries[1:]  # (the first stamp stands above the story: left out)


def test_links_to_the_previous_and_next_post_end_the_story() -> None:
    blurb = ("Harbor Gazette is the independent daily of the coast, reporting on the port, the islands, "
             "local politics, business, schools and sport since 1952 and read by thousands every week.")
    article = cleaned(make_text(TITLE, *STORY[:2], STORY[3], "Post navigation",
                                "Previous Post: Ferry fares rise again", blurb, "Privacy Policy"))
    assert body_lines(article) == [STORY[0], STORY[1], STORY[3]]


# ---- title

@pytest.mark.parametrize(
    ("text", "title"),
    [
        (make_text("in ,", TITLE, STORY[0]), TITLE),
        (make_text(TITLE, STORY[0]), TITLE),
        (make_text("|", "", "Pier closes: what it means?", STORY[0]), "Pier closes: what it means?"),
        (make_text(STORY[0], STORY[1]), None),  # a first line that is a paragraph is story
        (STORY[0] + " " + STORY[1], None),  # single-line text
    ],
)
def test_first_real_line_is_the_title(text: str, title: str | None) -> None:
    article = cleaned(text)
    assert article.title == title
    if title is None:
        assert article.title_span is None
        assert STORY[0] in article.text[article.body[0][0]:article.body[0][1]]
    else:
        assert article.text[slice(*article.title_span)] == title


# A stripped-punctuation corpus row: date, title again (no commas, no apostrophes), then the story.
STRIPPED = "14-12-2016 Harbors north pier closes as cargo shifts south. Officials said 3200 tonnes were moved on Tuesday."


@pytest.mark.parametrize(
    ("text", "title", "found", "body_start"),
    [
        (STRIPPED, "Harbor's north pier closes, as cargo shifts south", "Harbors north pier closes as cargo shifts south",
         "Officials said"),
        (STRIPPED, "Harbors north pier closes as cargo shifts south | Harbor Gazette", "Harbors north pier closes as cargo shifts south",
         "Officials said"),
        (STRIPPED, "Harbors north pier closes as cargo shifts south « Harbor Gazette", "Harbors north pier closes as cargo shifts south",
         "Officials said"),
        ("Published June 8 2016 Officials said 3200 tonnes were moved on Tuesday.", "Pier closes", None, "Officials said"),
        ("Date of publication 3 June 2016 Officials said 3200 tonnes were moved.", "Pier closes", None, "Officials said"),
        ("PIER CLOSES AS CARGO SHIFTS Reuters Friday 3 Jun 2016 Officials said 3200 tonnes were moved.",
         "Pier closes as cargo shifts", "PIER CLOSES AS CARGO SHIFTS", "Officials said"),
        (make_text("December 14, 2016", "Pier closes as cargo shifts", STORY[0]), "Pier Closes As Cargo Shifts",
         "Pier closes as cargo shifts", STORY[0][:20]),
        (make_text(STORY[0], "Pier closes as cargo shifts"), "Pier closes as cargo shifts", None, STORY[0][:20]),
    ],
)
def test_given_title_is_found_tolerantly_and_left_out_of_the_body(text: str, title: str, found: str | None, body_start: str) -> None:
    article = cleaned(text, title=title)
    assert article.title == title  # a given title is never rewritten
    assert (article.text[slice(*article.title_span)] if article.title_span else None) == found
    assert article.text[article.body[0][0]:].startswith(body_start)
    assert_ranges_valid(article)


def test_find_title_ignores_case_space_and_punctuation() -> None:
    text = "x\n\nTHE  PIER,  closes!\n\nStory."
    span = find_title(text, "The pier closes")
    assert text[span[0]:span[1]] == "THE  PIER,  closes"


# ---- offsets

@pytest.mark.parametrize(
    "text",
    [
        scraped(),
        scraped().replace("\n", "\r\n"),
        "  " + NBSP + scraped() + "\n\n  ",
        STRIPPED,
    ],
)
def test_body_ranges_are_offsets_into_the_original_text(text: str) -> None:
    article = cleaned(text)
    assert article.text == text  # never rewritten
    assert_ranges_valid(article)
    assert article.body
    for start, end in article.body:
        assert article.text[start:end] in text


def test_clean_mutates_and_returns_the_same_article_and_is_repeatable() -> None:
    article = Article(text=scraped())
    assert clean(article) is article
    first = (article.title, article.title_span, list(article.body))
    clean(article)
    assert (article.title, article.title_span, article.body) == first


def test_recleaning_forgets_a_detected_title_that_became_recurring_debris() -> None:
    article = cleaned(make_text(SLOGAN, TITLE, STORY[0], STORY[1]))
    assert article.title == SLOGAN
    clean(article, recurring=frozenset({normalize_line(SLOGAN)}))
    assert article.title == TITLE
    assert body_lines(article) == [STORY[0], STORY[1]]


def test_recleaning_keeps_a_given_title() -> None:
    article = cleaned(make_text(TITLE, STORY[0]), title="A headline not in the text")
    clean(article, recurring=frozenset({normalize_line(STORY[0])}))
    assert (article.title, article.title_span) == ("A headline not in the text", None)


def test_extracted_text_keeps_every_line_but_the_title() -> None:
    text = make_text(TITLE, STORY[0], "Share", STORY[1])
    article = clean(Article(text=text, title=TITLE), extracted=True)
    assert article.text[slice(*article.title_span)] == TITLE
    assert body_lines(article) == [STORY[0], "Share", STORY[1]]


# ---- recurring lines

SLOGAN = "Harbor Gazette  —  news from the quay since 1921"


def test_recurring_lines_are_debris_after_normalization() -> None:
    text = make_text(TITLE, STORY[0], SLOGAN, STORY[1])
    assert SLOGAN in body_lines(cleaned(text))
    article = cleaned(text, recurring=frozenset({normalize_line(SLOGAN.upper())}))
    assert body_lines(article) == [STORY[0], STORY[1]]


@pytest.mark.parametrize(
    ("line", "normal"),
    [("  Harbor   Gazette ", "harbor gazette"), ("HARBOR\tGAZETTE", "harbor gazette"), ("Straße", "strasse")],
)
def test_normalize_line(line: str, normal: str) -> None:
    assert normalize_line(line) == normal


def corpus(outlet: str, n: int, shared: int, extra: str = "") -> list[Article]:
    """``n`` articles of ``outlet``; the first ``shared`` carry the slogan line."""
    out = []
    for i in range(n):
        lines = [f"Story number {i} of {outlet} about the harbour.", f"A second line that only article {i} has."]
        if i < shared:
            lines.append(SLOGAN)
        if extra:
            lines.append(extra)
        out.append(Article(text="\n".join(lines), outlet=outlet))
    return out


@pytest.mark.parametrize(
    ("n", "shared", "min_articles", "min_share", "learned"),
    [
        (10, 3, 3, 0.3, True),
        (10, 2, 3, 0.1, False),  # too few articles
        (10, 3, 3, 0.5, False),  # too small a share
        (3, 3, 3, 0.3, True),
        (4, 2, 2, 0.5, True),
    ],
)
def test_learn_recurring_thresholds(n: int, shared: int, min_articles: int, min_share: float, learned: bool) -> None:
    found = learn_recurring(corpus("Gazette", n, shared), min_articles=min_articles, min_share=min_share)
    assert (normalize_line(SLOGAN) in found["Gazette"]) is learned


def test_learn_recurring_is_per_outlet_and_ignores_long_lines_and_duplicates() -> None:
    long_line = "x" * 250
    articles = corpus("Gazette", 4, 4, extra=long_line) + corpus("Courier", 4, 0)
    articles += [Article(text=articles[4].text, outlet="Courier")] * 3  # one Courier article scraped four times
    found = learn_recurring(articles, min_articles=3, min_share=0.3)
    assert normalize_line(SLOGAN) in found["Gazette"]
    assert normalize_line(long_line) not in found["Gazette"]
    assert found["Courier"] == frozenset()


def test_learn_recurring_groups_articles_without_outlet_under_none() -> None:
    articles = [Article(text=f"Line {i} of an unsigned story.\n{SLOGAN}") for i in range(3)]
    assert normalize_line(SLOGAN) in learn_recurring(articles, min_articles=3, min_share=0.5)[None]


# ---- shared seeds

SEEDS = Path(__file__).parents[1].parent / "shared" / "seeds"


@pytest.mark.shared
@pytest.mark.skipif(not (SEEDS / "expected.json").is_file(), reason="../shared/seeds is absent")
@pytest.mark.parametrize("name", ["000_a47b39fb4e2a594b.txt", "004_c5e1a34fa3ebcbf4.txt"])
@pytest.mark.parametrize("given_title", [False, True])
def test_seed_articles(name: str, given_title: bool) -> None:
    expected = json.loads((SEEDS / "expected.json").read_text(encoding="utf8"))["articles"][name]
    text = (SEEDS / name).read_text(encoding="utf8")
    article = clean(Article(text=text, title=expected["title"] if given_title else None))
    assert article.title == expected["title"]
    assert article.text[slice(*article.title_span)] == expected["title"]
    assert_ranges_valid(article)
    for line in expected["boilerplate_lines"]:
        at = text.index(line)
        assert not any(s < at + len(line) and at < e for s, e in article.body), line
    start = text.index(expected["body_starts_with"])
    end = text.index(expected["body_ends_with"]) + len(expected["body_ends_with"])
    story = text[start:end]
    pos = start
    for line in story.split("\n"):
        if line.strip():
            offset = text.index(line.strip(), pos)
            assert any(s <= offset and offset + len(line.strip()) <= e for s, e in article.body), line
        pos += len(line) + 1


INLINE_STORY = ("The relief convoy reached the valley on Tuesday after three days on the road. " * 4).strip()


@pytest.mark.parametrize(
    ("tail", "kept"),
    [
        # a related-articles block run into the story's own line is cut off
        (" Source AA Related News Harbour strike ends | Storm season opens", INLINE_STORY),
        (" Related Articles Harbour strike ends Storm season opens", INLINE_STORY),
        # a sentence that merely mentions related news stays
        (" More news will follow when the convoy returns.", INLINE_STORY + " More news will follow when the convoy returns."),
    ],
)
def test_inline_related_block_ends_the_story_line(tail: str, kept: str) -> None:
    article = clean(Article(text="Convoy reaches the valley\n\n" + INLINE_STORY + tail, title="Convoy reaches the valley"))
    assert [article.text[s:e] for s, e in article.body] == [kept]


@pytest.mark.parametrize(
    ("head", "kept"),
    [
        ("Get short URL 2440 ", INLINE_STORY),
        ("(updated 1457 19.07.2016) Get short URL 2440 ", INLINE_STORY),
        ("Share this article ", INLINE_STORY),
        # a story that opens with such words in a sentence stays whole
        ("Short URLs are popular. ", "Short URLs are popular. " + INLINE_STORY),
    ],
)
def test_share_widget_residue_opening_a_story_line_is_cut(head: str, kept: str) -> None:
    article = clean(Article(text="Convoy reaches the valley\n\n" + head + INLINE_STORY, title="Convoy reaches the valley"))
    assert [article.text[s:e] for s, e in article.body] == [kept]
