import { describe, expect, it } from "vitest";
import { EditorSelection, EditorState, type Transaction } from "@codemirror/state";
import { ensureSyntaxTree } from "@codemirror/language";
import { insertNewlineContinueMarkup } from "@codemirror/lang-markdown";
import { markdownEditing } from "./markdown";

function stateOf(doc: string): EditorState {
  return EditorState.create({ doc, selection: EditorSelection.cursor(doc.length), extensions: markdownEditing() });
}

describe("markdownEditing", () => {
  it("parses the draft as Markdown", () => {
    const tree = ensureSyntaxTree(stateOf("# Ward news\n\n- first\n- second\n"), 1_000);
    const kinds: string[] = [];
    tree?.iterate({ enter: (node) => void kinds.push(node.name) });
    expect(kinds).toContain("ATXHeading1");
    expect(kinds).toContain("BulletList");
  });

  it("Enter in a list item continues the list", () => {
    let next: Transaction | null = null;
    const handled = insertNewlineContinueMarkup({ state: stateOf("- first"), dispatch: (tr) => (next = tr) });
    expect(handled).toBe(true);
    expect((next as Transaction | null)?.state.doc.toString()).toBe("- first\n- ");
  });
});
