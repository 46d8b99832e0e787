"""What marks a part of a page as boilerplate rather than article text.

Two kinds of evidence: the class, id and role of an element (``share-bar``,
``related-posts``, ``comments``), and the text of a block (``Advertisement``, ``Read
more:``). The word lists come from the markup conventions of news CMSs (WordPress,
Arc, Drupal, the Indonesian portals of ``shared/docs/SITES.md``) and the noise catalogue
of ``shared/docs/NOISE.md``; they are about what kind of thing an element is, never
about one site.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

__all__ = ["boilerplate_text_kind", "is_boilerplate_node", "related_title"]

# Class/id words that name something other than the article text. A class token is marked
# when it starts or ends with one of them as a whole word ('share-bar', 'post-comments',
# 'ad'), not when the word sits in the middle of a compound: 'content-with-sidebar-wrp'
# and 'article-overlay-handle' are layout wrappers around the article, and 'ad' must not
# match 'head' or 'shadow'.
_JUNK_WORDS = (
    "comment|comments|komentar|disqus|respond|reply|replies"
    "|share|sharing|sharer|social|sosmed|socmed|addthis|sharethis|social-share"
    "|related|relatedposts|recommend|recommended|recommendation|recirculation|more-stories"
    "|also-read|readmore|read-more|baca-juga|bacajuga|terkait|populer|popular|terpopuler"
    "|trending|most-read|mostread|most-popular|newsletter|subscribe|subscription|signup"
    "|sign-up|promo|sponsor|sponsored|advert|advertisement|advertising|adsense|ad|ads"
    "|ad-slot|adslot|adunit|ad-container|dfp|gpt|banner|taboola|outbrain|mgid|revcontent"
    "|sidebar|side-bar|widget|widgets|breadcrumb|breadcrumbs|nav|navbar|navigation|menu"
    "|footer|masthead|topbar|cookie|cookies|consent|gdpr|modal|popup|overlay|tags|tag-list"
    "|taglist|tagcloud|topics|byline|author-bio|author-box|authorbox|bio"
    "|visually-hidden|sr-only|screen-reader-text|pagination|pager|toolbar|skip-link"
    "|caption|credit|credits|photo-credit|meta|post-meta|entry-meta|article-meta|timestamp"
    "|dateline|rating|reactions|emoji|follow|apps|app-promo|donate|donation|paywall-promo"
)
_JUNK = re.compile(rf"^({_JUNK_WORDS})(?:[_-]|$)|[_-]({_JUNK_WORDS})$")
# Words that mark the article itself; an element carrying one is never junk, whatever
# else its class says ('article-body has-comments').
_CONTENT = re.compile(
    r"(?:^|[\s_-])(article-?body|articlebody|article-content|story-?body|entry-content"
    r"|post-content|post-body|content-body|body-text|main-content|article-text|story-content"
    r"|txt-article|read__content|detail__body|itemprop-articlebody)(?:$|[\s_-])"
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_JUNK_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "dialog"})


def is_boilerplate_node(node: LexborNode, names_cache: dict[str, str | None]) -> str | None:
    """The boilerplate word in ``node``'s class, id or role, or None.

    ``names_cache`` maps class/id strings already judged on this page to their verdict:
    pages repeat a few dozen class strings over hundreds of elements.
    """
    attrs = node.attributes
    if not attrs:
        return None
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return "hidden"
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return "hidden"
    role = attrs.get("role")
    if role and role.lower() in _JUNK_ROLES:
        return role.lower()
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    if names in names_cache:
        return names_cache[names]
    verdict = names_cache[names] = _judge_names(names.lower())
    return verdict


def _judge_names(names: str) -> str | None:
    if not names.strip() or _CONTENT.search(names):
        return None
    for token in names.split():
        match = _JUNK.search(token)
        if match is not None:
            return match.group(1) or match.group(2)
    return None


# Whole blocks that are interface text, not article text. Anchored: they must be the
# entire block (or its opening label), so a sentence that mentions an advertisement stays.
_TEXT_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "advertisement",
        re.compile(
            r"^(advertisement|advertisements?|iklan|sponsored|ads? by \w+"
            r"|scroll (down )?to (continue|resume)( with content| reading)?|story continues below"
            r"|continue reading (the )?(main )?story|article continues below)\W*$",
            re.I,
        ),
    ),
    (
        "related-link",
        re.compile(
            r"^(read (more|also|next)|related( articles?| stories| coverage)?|see also"
            r"|more on this|recommended|baca (juga|pula)|simak juga|lihat juga|artikel terkait"
            r"|berita terkait)\s*[:|»>-]",
            re.I,
        ),
    ),
    (
        "follow-prompt",
        re.compile(
            r"^(follow us|sign up|subscribe|get (our|the) \w+ newsletter|click here to"
            r"|share (this|on)|download the app|join our|ikuti (kami|berita|saluran)"
            r"|dapatkan (update|berita))\b",
            re.I,
        ),
    ),
    (
        "caption",
        re.compile(
            r"^(image|photo|picture|foto|video)( copyright| caption| credit| source)?\s*[:©]"
            r"|^\(?(photo|foto|image|getty images|ap photo|reuters)\b[^.]{0,80}\)?$"
            r"|\((image|photo|picture|pictures|foto|credit|source)s?\s*:[^)]{0,80}\)\s*$"
            r"|[|/]\s*(getty images|afp|reuters|ap|shutterstock|istock|epa|bloomberg)\s*$",
            re.I,
        ),
    ),
    (
        "byline",
        re.compile(
            r"^(by|written by|posted by|oleh|penulis|reporter|editor)\s*:?\s+[A-Z][^.!?]{0,70}$"
            r"|^(published|updated|posted|last updated|first published|diperbarui|dipublikasikan"
            r"|diterbitkan)\b[^.!?]{0,110}$",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            r"^(\w+,?\s+)?(\d{1,2}\s+)?(jan|feb|mar|apr|may|mei|jun|jul|aug|agu|agt|sep|oct|okt"
            r"|nov|dec|des)[a-z]*\.?\s+(\d{1,2},?\s+)?\d{4}\b[\d\s:.,apmAPM|-]{0,30}$",
            re.I,
        ),
    ),
)


def boilerplate_text_kind(text: str) -> str | None:
    """The kind of interface text ``text`` is (``advertisement``, ...), or None."""
    if len(text) > 300:
        return None
    for kind, pattern in _TEXT_KINDS:
        if pattern.search(text):
            return kind
    return None


def related_title(text: str) -> str | None:
    """The linked title after a related-link label ('Baca juga: <title>'), if any."""
    for kind, pattern in _TEXT_KINDS:
        if kind == "related-link":
            match = pattern.search(text)
            if match is not None:
                return text[match.end() :].strip() or None
    return None
