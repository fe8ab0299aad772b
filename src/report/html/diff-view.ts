import { escapeHtml } from "./escape.js";
import { highlightCode } from "./highlight.js";

/** A unified diff as a table: old and new line numbers, the sign, and the highlighted code. */
export function renderDiff(diffText: string): string {
  const rows: string[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const line of diffText.split("\n")) {
    if (line.startsWith("--- ") || line.startsWith("+++ ")) {
      if (line.startsWith("+++ ")) rows.push(fileRow(line.slice(4).replace(/^b\//, "")));
      continue;
    }
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/.exec(line);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      rows.push(`<tr class="hunk"><td></td><td></td><td colspan="2">${escapeHtml(line)}</td></tr>`);
      continue;
    }
    if (line.startsWith("+")) {
      rows.push(codeRow("add", "", String(newLine++), "+", line.slice(1)));
    } else if (line.startsWith("-")) {
      rows.push(codeRow("del", String(oldLine++), "", "−", line.slice(1)));
    } else if (line.startsWith(" ")) {
      rows.push(codeRow("ctx", String(oldLine++), String(newLine++), "", line.slice(1)));
    } else if (line.startsWith("\\")) {
      rows.push(`<tr class="note"><td></td><td></td><td colspan="2">${escapeHtml(line)}</td></tr>`);
    }
  }
  return `<table class="diff">${rows.join("")}</table>`;
}

function fileRow(path: string): string {
  return `<tr class="file"><td colspan="4">${escapeHtml(path)}</td></tr>`;
}

function codeRow(kind: string, oldNo: string, newNo: string, sign: string, code: string): string {
  return `<tr class="${kind}"><td class="ln">${oldNo}</td><td class="ln">${newNo}</td><td class="sign">${sign}</td><td class="code">${highlightCode(code)}</td></tr>`;
}
