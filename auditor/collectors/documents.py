"""Documents and dead ends: what a page links to and what it does on its own.

One in-page reading lists the links to PDF and office documents, the page's
main call to action, audio and video that start by themselves,
CAPTCHA widgets, links to an accessibility statement and the forms. Then the
document links get a bounded HEAD request each (at most
:data:`MAX_HEAD_REQUESTS`, :data:`HEAD_TIMEOUT_S` seconds each, all at once;
a failure only leaves the size unknown) for their size and type.

Headless Chromium blocks audio that starts by itself unless the browser is
launched with ``--autoplay-policy=no-user-gesture-required`` (muted video is
always allowed). So a media element is reported with what the browser did
(``paused``, ``played``) and what the page asked for (``autoplay``), and the
check says which it judged.
"""

from __future__ import annotations

import asyncio
from typing import Any, Mapping
from urllib.parse import unquote, urlsplit

from ..config import AuditConfig
from ..engines.base import Visit
from .base import READS, Collector
from .dom import ELEMENT_JS, FORMS_JS

MAX_HEAD_REQUESTS = 20
HEAD_TIMEOUT_S = 5.0
MEDIA_WAIT_MS = 2000
"""How long to wait for media that starts by itself to load its metadata (duration)."""
LIMIT = 200
"""At most this many elements of each kind are read from a page."""

# Document formats by file extension, with the name people know them by.
DOCUMENT_FORMATS: Mapping[str, str] = {
    "pdf": "PDF",
    "doc": "Word document",
    "docx": "Word document",
    "xls": "Excel spreadsheet",
    "xlsx": "Excel spreadsheet",
    "ppt": "PowerPoint presentation",
    "pptx": "PowerPoint presentation",
    "odt": "OpenDocument text",
    "ods": "OpenDocument spreadsheet",
    "odp": "OpenDocument presentation",
    "rtf": "Rich Text Format document",
}

# The same formats by media type, for links that declare it (type="...").
DOCUMENT_TYPES: Mapping[str, str] = {
    "application/pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/rtf": "rtf",
    "text/rtf": "rtf",
}

# CAPTCHA services: how their widgets, frames and scripts can be recognised.
CAPTCHA_SERVICES = (
    {"kind": "reCAPTCHA", "src": r"(google\.com|recaptcha\.net|gstatic\.com)/recaptcha", "selector": ".g-recaptcha, .grecaptcha-badge"},
    {"kind": "hCaptcha", "src": r"(^|[/.])hcaptcha\.com", "selector": ".h-captcha"},
    {"kind": "Cloudflare Turnstile", "src": r"challenges\.cloudflare\.com/turnstile", "selector": ".cf-turnstile"},
    {"kind": "Friendly Captcha", "src": r"friendlycaptcha|frcapi\.com|friendly-challenge", "selector": ".frc-captcha"},
)


def document_format(href: str, type_attr: str = "") -> str | None:
    """The document format (an extension in :data:`DOCUMENT_FORMATS`) a link
    leads to, from its path's extension or its ``type`` attribute; None for
    anything else."""
    media = (type_attr or "").split(";", 1)[0].strip().lower()
    if media in DOCUMENT_TYPES:
        return DOCUMENT_TYPES[media]
    parts = urlsplit(href or "")
    if parts.scheme and parts.scheme not in ("http", "https", "file"):
        return None
    name = unquote(parts.path).rsplit("/", 1)[-1]
    if "." in name:
        ext = name.rsplit(".", 1)[-1].lower()
        if ext in DOCUMENT_FORMATS:
            return ext
    return None


DOCUMENTS_SCRIPT = (
    "async (options) => {\n"
    + ELEMENT_JS
    + FORMS_JS
    + r"""
  const main = mainElement();
  const limit = options.limit;
  const extensions = new RegExp('\\.(' + options.extensions.join('|') + ')$', 'i');
  const pathOf = (a) => { try { return decodeURI(new URL(a.href, location.href).pathname); } catch (e) { return ''; } };
  const mediaType = (a) => (a.getAttribute('type') || '').split(';')[0].trim().toLowerCase();
  const isDocument = (a) => extensions.test(pathOf(a)) || options.types.includes(mediaType(a));
  const transparent = (colour) => !colour || colour === 'transparent' || /^rgba\(.*,\s*0\)$/.test(colour);

  // A link marked or styled as a button: the page's call to action.
  const buttonLike = (a) => {
    if ((a.getAttribute('role') || '').toLowerCase() === 'button') return true;
    if (/button|btn|cta/i.test(a.getAttribute('class') || '')) return true;
    const s = getComputedStyle(a);
    const padded = parseFloat(s.paddingTop) + parseFloat(s.paddingBottom) >= 8 && parseFloat(s.paddingLeft) + parseFloat(s.paddingRight) >= 16;
    const boxed = !transparent(s.backgroundColor) || parseFloat(s.borderTopWidth) > 0;
    return padded && boxed && s.display !== 'inline';
  };
  // Failing that, the first link in the main content that stands alone in
  // its block and is bold or larger than the text (not a heading's link).
  const prominent = (a) => {
    if (a.closest('h1, h2, h3, h4, h5, h6, nav, [role="heading"]')) return false;
    const block = a.parentElement;
    const alone = block && (block.innerText || '').trim() === (a.innerText || '').trim();
    const s = getComputedStyle(a);
    return alone && (parseInt(s.fontWeight, 10) >= 600 || parseFloat(s.fontSize) >= 1.2 * parseFloat(getComputedStyle(main).fontSize));
  };

  const links = [...document.querySelectorAll('a[href], area[href]')];
  const mainLinks = links.filter((a) => main !== document.body && main.contains(a) && isVisible(a));
  const cta = mainLinks.find(buttonLike) || mainLinks.find(prominent) || null;
  // The link's name as a screen reader says it, and the text right beside it
  // (its block and the block after, where the GOV.UK attachment pattern puts
  // "PDF, 245 KB, 12 pages"; and what aria-describedby points to).
  const idsText = (ids) => (ids || '').split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean).map(textOf).join(' ');
  const nameOf = (a) => idsText(a.getAttribute('aria-labelledby')) || (a.getAttribute('aria-label') || '').trim() || textOf(a);
  const contextOf = (a) => {
    const block = a.closest('p, li, td, th, dd, dt, figcaption, h1, h2, h3, h4, h5, h6');
    const next = block && block.nextElementSibling;
    return clip([block ? textOf(block) : '', next ? textOf(next) : '', idsText(a.getAttribute('aria-describedby'))].join(' ').trim(), 300);
  };
  const describe = (a) => ({
    href: a.href, text: textOf(a), name: nameOf(a), context: contextOf(a), selector: selectorFor(a), snippet: startTag(a),
    in_main: main.contains(a), type: mediaType(a), download: a.hasAttribute('download'),
  });
  const documents = links.filter(isDocument).slice(0, limit).map((a) => ({...describe(a), cta: a === cta}));
  // "Accessibility statement", or in Welsh "Datganiad hygyrchedd".
  const statementWords = /accessibility statement|datganiad hygyrchedd/i;
  // The statement itself: its main heading (or, with none, its title) names it.
  const heading = document.querySelector('h1');
  const isStatement = statementWords.test(heading ? textOf(heading) : document.title);
  const statements = links
    .filter((a) => /accessibility|hygyrchedd/i.test(`${textOf(a)} ${a.getAttribute('aria-label') || ''} ${a.getAttribute('href')}`))
    .slice(0, 5)
    .map(describe);

  // Media that starts by itself: give it a moment to learn its duration.
  const media = [...document.querySelectorAll('audio, video')].slice(0, limit);
  const loading = media.filter((m) => (m.autoplay || !m.paused) && m.readyState < 1 && m.networkState !== 3);
  if (loading.length) {
    const loaded = (m) => new Promise((resolve) => {
      m.addEventListener('loadedmetadata', resolve, {once: true});
      m.addEventListener('error', resolve, {once: true});
    });
    await Promise.race([Promise.all(loading.map(loaded)), new Promise((resolve) => setTimeout(resolve, options.media_wait_ms))]);
  }
  const mediaInfo = media.map((m) => ({
    tag: m.tagName.toLowerCase(), selector: selectorFor(m), snippet: startTag(m),
    autoplay: m.autoplay, paused: m.paused, played: m.played.length > 0 && m.played.end(m.played.length - 1) > 0,
    muted: m.muted, volume: m.volume, loop: m.loop, controls: m.controls,
    duration: Number.isFinite(m.duration) ? m.duration : null, live: m.duration === Infinity,
    // Whether the media has sound: an <audio> does; for a <video> only
    // Chromium's decoded-audio counter tells, once it has played a little.
    // A video that has played a second with nothing decoded has no sound.
    has_audio: m.tagName === 'AUDIO' || m.webkitAudioDecodedByteCount > 0 ? true
      : ('webkitAudioDecodedByteCount' in m && !m.paused && m.currentTime > 1 ? false : null),
  }));

  const captchas = [];
  for (const service of options.captchas) {
    const source = new RegExp(service.src, 'i');
    // The widget's element, else its frame, else the script that loads it.
    const widgets = [...document.querySelectorAll(service.selector)];
    const loaded = [...document.querySelectorAll('iframe[src], script[src]')].filter((el) => source.test(el.src));
    const frame = loaded.find((el) => el.tagName === 'IFRAME');
    const targets = widgets.length ? widgets : (frame ? [frame] : loaded.slice(0, 1));
    for (const el of targets.slice(0, 5)) captchas.push({kind: service.kind, selector: selectorFor(el), snippet: startTag(el), audio_alternative: null});
  }
  // A home-made CAPTCHA: a picture of text to copy.
  for (const img of [...document.querySelectorAll('img')].filter((i) => /captcha/i.test(`${i.getAttribute('src') || ''} ${i.alt} ${i.id} ${i.getAttribute('class') || ''}`)).slice(0, 5)) {
    const scope = img.closest('form') || main;
    const audio = !!scope.querySelector('audio') || [...scope.querySelectorAll('a, button')].some((c) => /audio|listen|hear/i.test(textOf(c)));
    captchas.push({kind: 'image', selector: selectorFor(img), snippet: startTag(img), audio_alternative: audio});
  }

  const forms = readForms(limit);
  return {
    documents,
    cta: cta ? {...describe(cta), document: isDocument(cta)} : null,
    main_links: mainLinks.length,
    statement_links: statements,
    is_statement: isStatement,
    media: mediaInfo,
    captchas,
    forms: forms.length,
    main_forms: forms.filter((f) => f.in_main && !f.search).length,
  };
}
"""
)


async def _head(visit: Visit, url: str) -> dict[str, Any]:
    """Size and type of one document from a HEAD request; errors become a note."""
    try:
        status, headers = await asyncio.wait_for(visit.head(url, HEAD_TIMEOUT_S), HEAD_TIMEOUT_S + 1)
    except Exception as exc:  # a refused, slow or failing server only leaves the size unknown
        text = str(exc).strip().splitlines()
        return {"status": None, "size": None, "content_type": "", "error": (text[0] if text else type(exc).__name__)[:200]}
    length = headers.get("content-length", "").strip()
    ok = status < 400
    return {
        "status": status,
        "size": int(length) if ok and length.isdigit() else None,
        "content_type": headers.get("content-type", "").split(";", 1)[0].strip().lower() if ok else "",
        "error": "" if ok else f"HTTP {status}",
    }


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "reading links, media and widgets"
    found = await visit.evaluate(
        DOCUMENTS_SCRIPT,
        {
            "limit": LIMIT,
            "extensions": list(DOCUMENT_FORMATS),
            "types": list(DOCUMENT_TYPES),
            "captchas": list(CAPTCHA_SERVICES),
            "media_wait_ms": MEDIA_WAIT_MS,
        },
    )
    documents = []
    for link in found.get("documents", ()):
        fmt = document_format(link.get("href", ""), link.get("type", ""))
        if fmt:
            documents.append({**link, "format": fmt})

    # Bounded HEAD requests for the documents' sizes, all at once.
    urls = list(dict.fromkeys(d["href"] for d in documents if urlsplit(d["href"]).scheme in ("http", "https")))
    asked = urls[:MAX_HEAD_REQUESTS]
    if asked:
        visit.phase = f"asking the size of {len(asked)} linked document(s)"
    answers = dict(zip(asked, await asyncio.gather(*(_head(visit, u) for u in asked))))
    for doc in documents:
        doc.update(answers.get(doc["href"], {"status": None, "size": None, "content_type": "", "error": "not asked"}))
    return {**found, "documents": documents, "head_requests": len(asked), "head_skipped": len(urls) - len(asked)}


COLLECTORS = (Collector("documents", collect, stage=READS),)
