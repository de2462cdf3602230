"""axe-core's rules in plain words, and who fixes them.

axe-core describes its rules for developers ("Buttons must have discernible
text"); a service owner reading the report needs to know who a barrier stops
and from what. This table gives every rule of the bundled axe-core that the
tool runs (tagged for WCAG 2.x level A or AA, or best-practice) a sentence for
a person who is not a specialist, a short how-to-fix and who makes the fix
(:data:`auditor.rule.FIXERS`). :func:`auditor.checks.axe.axe_rule` reads it;
axe's own wording stays on the rule as ``technical``, and a rule missing here
(a newer axe, or ``--axe-script``) falls back to it.

The descriptions follow public-service writing guidance: one sentence, short
words, active voice, no markup names. How-to-fix text is for the person who
makes the fix, so it may name the attribute or element to change. Design and
content fixes are those a designer or editor makes (contrast, text
alternatives, link text, headings, page titles, captions); code fixes are
names, roles, keyboard use and page structure. No axe rule is a hosting fix.

tests/unit/test_axe_words.py keeps the table equal to the rules of the
bundled axe.min.js.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class PlainWords:
    """What a person who is not a specialist reads about one axe-core rule."""

    description: str
    """Who the barrier stops and from what, in one sentence."""
    how_to_fix: str
    fixed_by: str
    """``design`` or ``code`` (:data:`auditor.rule.FIXERS`)."""


def _design(description: str, how_to_fix: str) -> PlainWords:
    return PlainWords(description, how_to_fix, "design")


def _code(description: str, how_to_fix: str) -> PlainWords:
    return PlainWords(description, how_to_fix, "code")


WORDS: Mapping[str, PlainWords] = {
    "accesskeys": _code(
        "Two controls share one keyboard shortcut, so people who use shortcuts may reach the wrong one.",
        "Give each accesskey value to one control only, or remove the shortcuts."),
    "area-alt": _design(
        "Screen reader users cannot tell where the clickable parts of a picture lead.",
        "Give each area of the image map alt text that says where it goes."),
    "aria-allowed-attr": _code(
        "A part of the page tells screen readers something that does not apply to it, so they may describe it wrongly.",
        "Remove ARIA attributes the element's role does not support, or use the element or role they belong to."),
    "aria-allowed-role": _code(
        "A part of the page claims to be a kind of thing it is not, so screen readers may describe it wrongly.",
        "Remove the role attribute, or use an element that already has the role you want."),
    "aria-braille-equivalent": _code(
        "Words written only for braille displays have no spoken version, so screen reader users who listen miss them.",
        "Where you set aria-braillelabel or aria-brailleroledescription, also give the element an ordinary name or role description."),
    "aria-command-name": _code(
        "Screen reader users hear a button, link or menu item without a name, so they cannot tell what it does.",
        "Give each element with a button, link or menuitem role a name: visible text, aria-label or aria-labelledby."),
    "aria-conditional-attr": _code(
        "A control tells screen readers a state that does not fit its kind, so their users may hear it described wrongly.",
        "Use ARIA attributes only where the element's role allows them; on a native checkbox, use its checked state instead of aria-checked."),
    "aria-deprecated-role": _code(
        "A part of the page is marked as an old kind of thing screen readers may not know, so they may describe it wrongly.",
        "Replace the deprecated role with a current one, or remove it."),
    "aria-dialog-name": _code(
        "Screen reader users hear a pop-up window open without a name, so they do not know what it is for.",
        "Give each dialog a name, usually by pointing aria-labelledby at its heading."),
    "aria-hidden-body": _code(
        "The whole page is hidden from screen readers, so their users cannot use it at all.",
        'Remove aria-hidden="true" from the body element.'),
    "aria-hidden-focus": _code(
        "Keyboard users can move to controls hidden from screen readers, so screen reader users land on something they are told nothing about.",
        'Take hidden controls out of the tab order (tabindex="-1" or disabled), or stop hiding them.'),
    "aria-input-field-name": _code(
        "Screen reader users reach a custom text box or list without a name, so they do not know what to enter.",
        "Give each custom input a visible label linked with aria-labelledby, or an aria-label."),
    "aria-meter-name": _code(
        "Screen reader users hear a gauge without being told what it measures.",
        "Give each meter a name with aria-label or aria-labelledby."),
    "aria-progressbar-name": _code(
        "Screen reader users hear a progress bar without being told what is in progress.",
        "Give each progress bar a name with aria-label or aria-labelledby."),
    "aria-prohibited-attr": _code(
        "A part of the page has a label that screen readers ignore, so their users miss what it says.",
        "Remove aria-label or aria-labelledby from elements whose role cannot have a name, or put the words in visible text."),
    "aria-required-attr": _code(
        "A custom control lacks a state screen readers need, so their users are not told whether it is on, open or chosen.",
        "Add the ARIA attributes the role requires (for example aria-checked on a checkbox role) and keep them up to date."),
    "aria-required-children": _code(
        "A custom list, menu or table lacks the items it should hold, so screen readers describe it wrongly.",
        "Put the child roles the role needs inside it (for example menuitem inside menu), or use native elements."),
    "aria-required-parent": _code(
        "An item of a custom list, menu or table sits outside the group it belongs to, so screen readers describe it wrongly.",
        "Put the item inside an element with the parent role it needs (for example option inside listbox)."),
    "aria-roledescription": _code(
        "A part of the page has a custom spoken description that some screen readers ignore or read out wrongly.",
        "Use aria-roledescription only on elements whose role allows it, or remove it."),
    "aria-roles": _code(
        "A part of the page claims to be a kind of thing that does not exist, so screen readers cannot say what it is.",
        "Correct the role value to a valid ARIA role, or remove it."),
    "aria-tab-name": _code(
        "Screen reader users hear a tab without a name, so they cannot tell which panel it opens.",
        "Give each tab a name: visible text, aria-label or aria-labelledby."),
    "aria-text": _code(
        "Controls inside a block marked to be read as plain text cannot be used properly by screen reader users.",
        'Do not put links, buttons or other focusable elements inside an element with role="text".'),
    "aria-toggle-field-name": _code(
        "Screen reader users hear a switch, checkbox or option without a name, so they do not know what it turns on or chooses.",
        "Give each toggle control a name: visible text, aria-label or aria-labelledby."),
    "aria-tooltip-name": _code(
        "Screen reader users are not told what a tooltip says.",
        "Give each tooltip text content, or an aria-label or aria-labelledby."),
    "aria-treeitem-name": _code(
        "Screen reader users hear an item in a tree of options without a name, so they cannot tell what it is.",
        "Give each tree item a name: its text, aria-label or aria-labelledby."),
    "aria-valid-attr-value": _code(
        "A control gives screen readers a value they cannot understand, so their users get wrong information or none.",
        "Correct each ARIA attribute's value, for example true or false, or the id of an element that exists."),
    "aria-valid-attr": _code(
        "A control uses a misspelt or made-up setting for screen readers, so their users get no information from it.",
        "Correct the spelling of each aria- attribute, or remove the ones that do not exist."),
    "audio-caption": _design(
        "Deaf and hard of hearing people cannot follow what is said in an audio clip.",
        "Publish a transcript or captions with every audio clip."),
    "autocomplete-valid": _code(
        "A form field has the wrong fill-in setting, so browsers cannot fill it in for people who find typing or remembering hard.",
        "Use an autocomplete value that matches what the field asks for (for example email or postal-code), or remove it."),
    "avoid-inline-spacing": _code(
        "People who widen the spacing of letters, words or lines to read more easily cannot do it for some text.",
        "Do not fix text spacing with !important in inline styles; set it in the stylesheet so readers can change it."),
    "blink": _code(
        "Blinking text distracts people and is hard to read for those with low vision or attention difficulties.",
        "Remove the blink element; if something must stand out, use a steady style."),
    "button-name": _code(
        "Screen reader users hear a button without a name, so they cannot tell what it does.",
        "Give each button visible text, or an aria-label if it shows only an icon."),
    "bypass": _code(
        "Keyboard and screen reader users must go through every menu link on each page before they reach the main content.",
        "Add a 'Skip to main content' link at the top of the page, and mark the main content and its headings."),
    "color-contrast": _design(
        "Text is too faint against its background for many people with low vision to read.",
        "Darken the text or lighten the background until the contrast is at least 4.5 to 1, or 3 to 1 for large text."),
    "css-orientation-lock": _code(
        "The page works only one way round, so people whose phone or tablet is fixed in the other position cannot use it.",
        "Remove style rules that force portrait or landscape, so the page works both ways."),
    "definition-list": _code(
        "A list of terms and their meanings is built wrongly, so screen readers do not read the terms with their meanings.",
        "Put only dt and dd pairs (optionally each pair in a div) directly inside each dl element."),
    "dlitem": _code(
        "A term or its meaning sits outside its list, so screen readers do not read it as part of one.",
        "Put each dt and dd element inside a dl element."),
    "document-title": _design(
        "The page has no title, so screen reader users and people with many tabs open cannot tell what it is.",
        "Give each page a title that says what it is for, followed by the name of the service."),
    "duplicate-id-aria": _code(
        "Two parts of the page share the name a label points to, so screen readers may read out the wrong label.",
        "Make every id that a label, aria-labelledby or aria-describedby points to unique on the page."),
    "empty-heading": _design(
        "A heading has no words, so screen reader users who move by headings find an empty stop.",
        "Put words in the heading, or remove it if it is there only for spacing."),
    "empty-table-header": _design(
        "A table heading is blank, so screen reader users are not told what the cells under it mean.",
        "Write a short heading in every table header cell."),
    "focus-order-semantics": _code(
        "Something you can tab to does not say what it is, so screen reader users do not know how to use it.",
        "Give focusable elements a suitable role, or use a real button or link instead."),
    "form-field-multiple-labels": _code(
        "A form field has more than one label, so screen readers may read only one of them or both in a confusing way.",
        "Give each field one label, and put extra help in hint text linked with aria-describedby."),
    "frame-focusable-content": _code(
        "Keyboard users cannot reach the controls inside an embedded frame.",
        'Remove tabindex="-1" from frames that hold links, buttons or form fields.'),
    "frame-tested": _code(
        "An embedded frame could not be checked, so it may hold barriers this report does not show.",
        "Check the content of the frame by hand, or make sure it loads when the page is audited."),
    "frame-title-unique": _code(
        "Two embedded frames have the same title, so screen reader users cannot tell them apart.",
        "Give each iframe a title that says what it holds and differs from the others."),
    "frame-title": _code(
        "An embedded frame has no title, so screen reader users do not know what it holds.",
        "Give each iframe a title attribute that says what it holds, for example 'Payment form'."),
    "heading-order": _design(
        "Headings skip a level, so screen reader users may think part of the page is missing.",
        "Use heading levels in order: a level 2 under a level 1, a level 3 under a level 2."),
    "hidden-content": _code(
        "Some content is hidden and could not be checked, so a person needs to check it when it is shown.",
        "Show the hidden content (open menus, tabs and dialogs) and check it again."),
    "html-has-lang": _code(
        "The page does not say what language it is in, so screen readers may read it with the wrong pronunciation.",
        'Set the language on the html element, for example lang="en".'),
    "html-lang-valid": _code(
        "The page's language is set to something that is not a language, so screen readers may read it with the wrong pronunciation.",
        'Use a valid language code on the html element, for example lang="en" or lang="cy".'),
    "html-xml-lang-mismatch": _code(
        "The page names two different languages for itself, so screen readers may read it with the wrong pronunciation.",
        "Make lang and xml:lang on the html element name the same language, or remove xml:lang."),
    "image-alt": _design(
        "Screen reader users are not told what an image shows, so they miss what it says.",
        'Write alt text that says what the image tells the reader; give images that are only decoration empty alt text (alt="").'),
    "image-redundant-alt": _design(
        "An image's text alternative repeats the words beside it, so screen reader users hear the same thing twice.",
        "Make the alt text say something new, or leave it empty when the words nearby already say it."),
    "input-button-name": _code(
        "Screen reader users hear a form button without a name, so they cannot tell what it does.",
        "Give each input button a value or aria-label that says what it does, such as 'Continue'."),
    "input-image-alt": _design(
        "A button shown as a picture has no text alternative, so screen reader users cannot tell what it does.",
        "Give each image button alt text that says what it does, such as 'Search'."),
    "label-content-name-mismatch": _code(
        "A control's spoken name differs from the words on it, so voice control users cannot say those words to use it.",
        "Make the control's accessible name start with, or at least contain, its visible words."),
    "label-title-only": _design(
        "A form field's only label is a tooltip, so most people never see what the field is for.",
        "Give each field a visible label; do not rely on a title or placeholder."),
    "label": _code(
        "A form field has no label, so screen reader users do not know what to enter.",
        "Give each field a visible label linked to it: a label element whose for attribute is the field's id."),
    "landmark-banner-is-top-level": _code(
        "The page header is placed inside another region, so screen reader users may not find it where they expect.",
        "Move the header landmark out of other landmarks."),
    "landmark-complementary-is-top-level": _code(
        "A side panel is placed inside another region, so screen reader users may not find it where they expect.",
        "Move the aside (complementary landmark) out of other landmarks."),
    "landmark-contentinfo-is-top-level": _code(
        "The page footer is placed inside another region, so screen reader users may not find it where they expect.",
        "Move the footer landmark out of other landmarks."),
    "landmark-main-is-top-level": _code(
        "The main content is placed inside another region, so screen reader users may not find it where they expect.",
        "Move the main element out of other landmarks."),
    "landmark-no-duplicate-banner": _code(
        "The page has more than one page header, so screen reader users may not know which is the real one.",
        "Keep one header landmark for the page, and make other headers plain sections."),
    "landmark-no-duplicate-contentinfo": _code(
        "The page has more than one page footer, so screen reader users may not know which is the real one.",
        "Keep one footer landmark for the page, and make other footers plain sections."),
    "landmark-no-duplicate-main": _code(
        "The page marks more than one part as its main content, so screen reader users may jump to the wrong part.",
        "Mark only one element as main on each page."),
    "landmark-one-main": _code(
        "The page does not mark its main content, so screen reader users cannot jump straight to it.",
        "Put the page's main content in one main element."),
    "landmark-unique": _code(
        "Two regions of the page have the same kind and name, so screen reader users cannot tell them apart.",
        "Give landmarks of the same kind different names with aria-label, for example 'Main menu' and 'Footer links'."),
    "link-in-text-block": _design(
        "Links in a paragraph are shown only by colour, so people who cannot see the difference in colour cannot find them.",
        "Underline links in text, or give them a contrast of at least 3 to 1 with the text around them and another sign on hover and focus."),
    "link-name": _design(
        "A link has no words, so screen reader users cannot tell where it goes.",
        "Give each link words that say where it goes; for a link that is a picture, give the picture alt text."),
    "list": _code(
        "A list is built wrongly, so screen readers may not say what is in it or how many items it has.",
        "Put only li elements (and script or template) directly inside ul and ol elements."),
    "listitem": _code(
        "A list item sits outside a list, so screen readers do not read it as part of one.",
        "Put each li element inside a ul or ol element."),
    "marquee": _code(
        "Scrolling text moves on before people can read it, which stops people with low vision or reading difficulties.",
        "Remove the marquee element and show the text still."),
    "meta-refresh": _code(
        "The page reloads or moves on by itself after a delay, so people who read slowly or use screen readers lose their place.",
        "Remove the timed refresh; if the page has moved, redirect on the server instead."),
    "meta-viewport-large": _code(
        "The page limits how far people can zoom in on a phone, so those with low vision may not make text big enough to read.",
        "Remove maximum-scale from the viewport meta tag, or set it to at least 5."),
    "meta-viewport": _code(
        "The page stops people zooming in on a phone, so those with low vision cannot make text big enough to read.",
        "Remove user-scalable=no, and any maximum-scale below 2, from the viewport meta tag."),
    "nested-interactive": _code(
        "A control sits inside another control, so screen reader and keyboard users may not be able to reach or use it.",
        "Do not put links, buttons or fields inside other links or buttons; place them side by side."),
    "no-autoplay-audio": _design(
        "Sound plays by itself, so screen reader users cannot hear their screen reader and other people are distracted.",
        "Do not start sound on its own; if you must, stop it within 3 seconds or give a clear control to stop it."),
    "object-alt": _design(
        "Embedded content has no text alternative, so screen reader users do not know what it is.",
        "Give each object element a text alternative, such as an aria-label or a title."),
    "p-as-heading": _design(
        "Bold or large text looks like a heading but is not marked as one, so screen reader users cannot find it by headings.",
        "Use real headings (h2, h3 and so on) for text that works as a heading."),
    "page-has-heading-one": _design(
        "The page has no main heading, so screen reader users cannot jump to the start of its content.",
        "Give every page one level 1 heading that says what the page is for."),
    "presentation-role-conflict": _code(
        "Something meant to be skipped by screen readers is read out anyway, because it can be focused or has a label.",
        'Remove role="none" or role="presentation" from elements that can be focused or have ARIA attributes, or remove those.'),
    "region": _code(
        "Some content sits outside the marked regions of the page, so screen reader users who move by region may miss it.",
        "Put all content inside landmarks such as header, nav, main and footer."),
    "role-img-alt": _design(
        "A picture made in code has no text alternative, so screen reader users do not know what it shows.",
        'Give each element with role="img" an aria-label or aria-labelledby that says what it shows.'),
    "scope-attr-valid": _code(
        "Table headings are marked in a way screen readers do not understand, so their users may hear cells under the wrong heading.",
        "Use the scope attribute only on th elements, with the value row or col."),
    "scrollable-region-focusable": _code(
        "Keyboard users cannot scroll a box of content, so they cannot read what is hidden in it.",
        'Make the scrolling area focusable with tabindex="0" and give it a name, or put a focusable element inside it.'),
    "select-name": _code(
        "A drop-down list has no label, so screen reader users do not know what to choose.",
        "Give each select element a visible label linked to it."),
    "server-side-image-map": _code(
        "The links in a clickable picture work only with a mouse, so keyboard and screen reader users cannot follow them.",
        "Replace the server-side image map with ordinary links, or a client-side image map with alt text for each area."),
    "skip-link": _code(
        "A link to skip to the content goes nowhere, so keyboard users who follow it stay at the top of the page.",
        "Point the skip link at an element that exists on the page, for example the main element's id."),
    "summary-name": _code(
        "Screen reader users hear the toggle of an expandable section without a name, so they cannot tell what it opens.",
        "Give each summary element visible text."),
    "svg-img-alt": _design(
        "A drawing or icon has no text alternative, so screen reader users do not know what it shows.",
        'Give each svg element with role="img" a title element or an aria-label that says what it shows.'),
    "tabindex": _code(
        "The tab order is forced out of page order, so keyboard users jump around the page and lose their place.",
        "Remove tabindex values above 0, and arrange the page so its natural order works."),
    "table-duplicate-name": _design(
        "A table's caption and summary say the same thing, so screen reader users hear it twice.",
        "Use the caption for the table's title and the summary for something new, or drop the summary."),
    "table-fake-caption": _code(
        "A table's title is put in a cell, so screen readers do not read it as the table's title.",
        "Move the title into a caption element."),
    "target-size": _design(
        "Buttons and links are too small or too close together, so people with unsteady hands tap the wrong one.",
        "Make touch targets at least 24 by 24 pixels, or leave enough space around smaller ones."),
    "td-has-header": _code(
        "Cells in a large table are not linked to headings, so screen reader users hear figures without knowing what they mean.",
        "Mark the table's headings as th cells with scope, or link each cell to its headings with the headers attribute."),
    "td-headers-attr": _code(
        "Cells in a table point to headings that are not in it, so screen reader users hear the wrong headings or none.",
        "Make each cell's headers attribute list only ids of th cells in the same table."),
    "th-has-data-cells": _code(
        "A table heading has no cells under it, so screen reader users may not understand how the table is laid out.",
        "Remove headings with no data, or fix the table so every heading has cells."),
    "valid-lang": _code(
        "A passage is marked with a language that does not exist, so screen readers may read it with the wrong pronunciation.",
        'Use a valid language code, for example lang="cy" for a passage in Welsh.'),
    "video-caption": _design(
        "Deaf and hard of hearing people cannot follow what is said in a video.",
        "Add captions to every video with speech or important sounds."),
}
"""Plain words for axe-core's rules, by axe's rule id."""
