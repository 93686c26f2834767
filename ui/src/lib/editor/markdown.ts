// Markdown editing for the draft editor: CommonMark structure plus the
// Markdown keymap (Enter continues a list or quote, Backspace removes its
// markup) and pasting a URL over a selection as a link.
//
// Why not `markdown()` from @codemirror/lang-markdown: it also parses inline
// HTML with @codemirror/lang-html, which brings lang-css and lang-javascript
// (their grammars are built when the bundle loads). The editor shows no syntax
// colours and offers no completion, so that is start-up time for nothing:
// importing only these parts lets the bundler leave the HTML stack out.
import { Prec, type Extension } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { LanguageSupport } from "@codemirror/language";
import { commonmarkLanguage, markdownKeymap, pasteURLAsLink } from "@codemirror/lang-markdown";

export function markdownEditing(): Extension {
  return new LanguageSupport(commonmarkLanguage, [Prec.high(keymap.of(markdownKeymap)), pasteURLAsLink]);
}
