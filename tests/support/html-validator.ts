// html-validate as the tests use it on imported posts: its recommended rules, every one of them on
// the imported content. A post's body is checked inside a minimal valid page (doctype, language,
// title), so that only the body can fail.
import { HtmlValidate, type ConfigData } from 'html-validate';

export const importedContentRules: ConfigData = { extends: ['html-validate:recommended'] };

const validator = new HtmlValidate(importedContentRules);

/**
 * The same rules for a whole built page, but one: long-title counts the characters of the post's
 * own title, which is the writer's to choose (a search engine shortens it; the page is valid).
 */
export const pageValidator = new HtmlValidate({ ...importedContentRules, rules: { 'long-title': 'off' } });

/** The validator's messages on a body, as "rule: message (…the HTML around it…)"; empty when valid. */
export async function bodyProblems(body: string): Promise<string[]> {
  const page = `<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>${body}</main></body></html>`;
  const report = await validator.validateString(page);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (…${page.slice(Math.max(0, m.offset - 40), m.offset + 40)}…)`));
}
