// html-validate as the tests use it on imported posts: its recommended rules, every one of them on
// the imported content. A post's body is checked inside a minimal valid page (doctype, language,
// title), so that only the body can fail.
import { HtmlValidate, type ConfigData } from 'html-validate';

export const importedContentRules: ConfigData = { extends: ['html-validate:recommended'] };

const validator = new HtmlValidate(importedContentRules);

/** The validator's messages on a body, as "rule: message (…the HTML around it…)"; empty when valid. */
export async function bodyProblems(body: string): Promise<string[]> {
  const page = `<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>${body}</main></body></html>`;
  const report = await validator.validateString(page);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (…${page.slice(Math.max(0, m.offset - 40), m.offset + 40)}…)`));
}
