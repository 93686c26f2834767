// A CodeMirror 6 extension that underlines PHI findings, keeps the underlines
// on the right words while the author types (until the next scan replaces
// them), and shows a hover card with the reason and a one-click fix.
import { StateEffect, StateField, type Extension, type Range } from "@codemirror/state";
import { Decoration, EditorView, hoverTooltip, type DecorationSet, type Tooltip } from "@codemirror/view";
import { categoryLabel, spanStillMatches, type Finding } from "../phi";

/** Replaces the findings shown in the editor (after a scan). */
export const setFindings = StateEffect.define<Finding[]>();

interface FindingsState {
  findings: Finding[];
  decorations: DecorationSet;
}

function decorate(findings: Finding[], docLength: number): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  for (const f of findings) {
    if (f.utf16_start >= f.utf16_end || f.utf16_end > docLength) continue;
    ranges.push(
      Decoration.mark({
        class: `cp-phi cp-phi-${f.severity}`,
        attributes: { "data-category": f.category, "data-testid": "phi-mark" },
      }).range(f.utf16_start, f.utf16_end),
    );
  }
  return Decoration.set(ranges, true);
}

const findingsField = StateField.define<FindingsState>({
  create: () => ({ findings: [], decorations: Decoration.none }),
  update(value, tr) {
    let next = value;
    if (tr.docChanged) {
      // Move the underlines with the text; the findings' own offsets are only
      // trusted again after the next scan.
      next = { findings: value.findings, decorations: value.decorations.map(tr.changes) };
    }
    for (const effect of tr.effects) {
      if (effect.is(setFindings)) {
        next = { findings: effect.value, decorations: decorate(effect.value, tr.state.doc.length) };
      }
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.decorations),
});

/** The findings the editor currently shows. */
export function currentFindings(view: EditorView): Finding[] {
  return view.state.field(findingsField).findings;
}

/** Replaces a finding's text with its suggestion, if the text is unchanged. */
export function applySuggestion(view: EditorView, finding: Finding): boolean {
  if (!spanStillMatches(view.state.doc.toString(), finding)) return false;
  view.dispatch({
    changes: { from: finding.utf16_start, to: finding.utf16_end, insert: finding.suggestion },
    selection: { anchor: finding.utf16_start + finding.suggestion.length },
    userEvent: "input.phi-fix",
  });
  view.focus();
  return true;
}

/** Selects a finding's span and scrolls it into view. */
export function revealFinding(view: EditorView, finding: Finding): void {
  const to = Math.min(finding.utf16_end, view.state.doc.length);
  view.dispatch({ selection: { anchor: finding.utf16_start, head: to }, scrollIntoView: true });
  view.focus();
}

function hoverCard(view: EditorView, finding: Finding, onOverride: (f: Finding) => void): HTMLElement {
  const card = document.createElement("div");
  card.className = `cp-phi-card cp-phi-card-${finding.severity}`;
  card.dataset.testid = "phi-hover";
  const title = document.createElement("strong");
  title.textContent = categoryLabel(finding.category);
  const reason = document.createElement("p");
  reason.textContent = finding.reason;
  card.append(title, reason);
  const actions = document.createElement("div");
  actions.className = "cp-phi-actions";
  const fix = document.createElement("button");
  fix.type = "button";
  fix.className = "primary small";
  fix.dataset.testid = "phi-fix";
  fix.textContent = `Replace with “${finding.suggestion}”`;
  fix.addEventListener("mousedown", (event) => {
    event.preventDefault();
    applySuggestion(view, finding);
  });
  const keep = document.createElement("button");
  keep.type = "button";
  keep.className = "small";
  keep.textContent = "Keep it…";
  keep.addEventListener("mousedown", (event) => {
    event.preventDefault();
    onOverride(finding);
  });
  actions.append(fix, keep);
  card.append(actions);
  return card;
}

/** The extension: underlines plus the hover card. `onOverride` is called when
 * the author chooses to keep a finding (the caller asks for a reason). */
export function phiHighlighting(onOverride: (f: Finding) => void): Extension {
  return [
    findingsField,
    hoverTooltip((view, pos): Tooltip | null => {
      const finding = currentFindings(view).find((f) => f.utf16_start <= pos && pos <= f.utf16_end);
      if (!finding || !spanStillMatches(view.state.doc.toString(), finding)) return null;
      return {
        pos: finding.utf16_start,
        end: finding.utf16_end,
        create: () => ({ dom: hoverCard(view, finding, onOverride) }),
      };
    }),
  ];
}
