// The PHI hover card's colours. CodeMirror paints every tooltip in a fixed
// light grey (#f5f5f5) unless the editor is marked dark, which it is not: the
// app's dark theme switches its CSS variables instead. The card's light text
// then sat on that grey, nearly unreadable. Taking the card's colours from the
// same variables as the rest of the app keeps it readable in both themes.
import { EditorView } from "@codemirror/view";

/** The card's style, as CodeMirror theme rules ("&" is the editor). */
export const hoverCardStyle = {
  // "&" raises the rule above CodeMirror's "&light .cm-tooltip" base rule.
  "&.cm-editor .cm-tooltip.cm-tooltip-hover": {
    backgroundColor: "var(--panel)",
    color: "var(--text)",
    border: "1px solid var(--line)",
    borderRadius: "10px",
    boxShadow: "0 6px 24px rgb(0 0 0 / 0.28)",
  },
  // Four quick fixes do not fit the card's width on one row: wrap the row,
  // not the words inside each button.
  "&.cm-editor .cp-phi-actions": { flexWrap: "wrap" },
  "&.cm-editor .cp-phi-actions button": { whiteSpace: "nowrap" },
} as const;

/** The extension that applies [`hoverCardStyle`]. */
export const hoverCardTheme = EditorView.theme(hoverCardStyle);
