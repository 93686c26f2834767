// A CodeMirror 6 extension that underlines PHI findings, keeps the underlines
// on the right words while the author types (until the next scan replaces
// them), and shows a hover card with the reason and a one-click fix.
import { StateEffect, StateField, type Extension, type Range } from "@codemirror/state";
import { Decoration, EditorView, hoverTooltip, type DecorationSet, type Tooltip } from "@codemirror/view";
import { hoverCardTheme } from "./hoverCardTheme";
import { categoryLabel, spanStillMatches, type Finding } from "../phi";

/** Replaces the findings shown in the editor (after a scan). */
export const setFindings = StateEffect.define<ShownFinding[]>();

interface FindingsState {
  findings: ShownFinding[];
  decorations: DecorationSet;
}

/** A finding as the editor shows it: `overridden` when the author kept it
 * with a reason (shown as kept, not as an error). */
export type ShownFinding = Finding & { overridden?: boolean };

/** What the hover card's buttons do (the editor persists the choices). */
export interface FindingActions {
  /** Keep the finding with a written reason. */
  onOverride: (f: ShownFinding) => void;
  /** Add the phrase to the organisation's allow-list. */
  onAllow: (f: ShownFinding) => void;
  /** Allow the phrase in the open draft only (no button when absent). */
  onAllowDraft?: (f: ShownFinding) => void;
}

function decorate(findings: ShownFinding[], docLength: number): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  for (const f of findings) {
    if (f.utf16_start >= f.utf16_end || f.utf16_end > docLength) continue;
    const look = f.overridden ? "overridden" : f.severity;
    ranges.push(
      Decoration.mark({
        class: `cp-phi cp-phi-${look}`,
        attributes: { "data-category": f.category, "data-testid": "phi-mark", "data-state": look },
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
export function currentFindings(view: EditorView): ShownFinding[] {
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

function button(label: string, testId: string, primary: boolean, onPress: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = primary ? "primary small" : "small";
  b.dataset.testid = testId;
  b.textContent = label;
  // mousedown + preventDefault: the editor keeps focus and the card stays open.
  b.addEventListener("mousedown", (event) => {
    event.preventDefault();
    onPress();
  });
  return b;
}

function hoverCard(view: EditorView, finding: ShownFinding, actions: FindingActions): HTMLElement {
  const card = document.createElement("div");
  card.className = `cp-phi-card cp-phi-card-${finding.overridden ? "overridden" : finding.severity}`;
  card.dataset.testid = "phi-hover";
  const title = document.createElement("strong");
  title.textContent = categoryLabel(finding.category) + (finding.overridden ? " — kept with a reason" : "");
  const reason = document.createElement("p");
  reason.textContent = finding.reason;
  card.append(title, reason);
  const row = document.createElement("div");
  row.className = "cp-phi-actions";
  row.append(
    button(`Replace with “${finding.suggestion}”`, "phi-fix", true, () => applySuggestion(view, finding)),
    button("Add to allow-list", "phi-allow", false, () => actions.onAllow(finding)),
  );
  const { onAllowDraft } = actions;
  if (onAllowDraft) {
    row.append(button("Allow in this draft only", "phi-allow-draft", false, () => onAllowDraft(finding)));
  }
  if (!finding.overridden) {
    row.append(button("Override with a reason…", "phi-override", false, () => actions.onOverride(finding)));
  }
  card.append(row);
  return card;
}

/** The extension: underlines plus the hover card with its quick fixes. */
export function phiHighlighting(actions: FindingActions): Extension {
  return [
    findingsField,
    hoverCardTheme,
    hoverTooltip((view, pos): Tooltip | null => {
      const finding = currentFindings(view).find((f) => f.utf16_start <= pos && pos <= f.utf16_end);
      if (!finding || !spanStillMatches(view.state.doc.toString(), finding)) return null;
      return {
        pos: finding.utf16_start,
        end: finding.utf16_end,
        create: () => ({ dom: hoverCard(view, finding, actions) }),
      };
    }),
  ];
}
