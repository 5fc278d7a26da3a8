/**
 * A markdown text panel: react-markdown with raw HTML skipped (`skipHtml`, no rehype-raw), so a
 * panel's text can never inject markup; links open in a new tab with rel="noopener noreferrer".
 */
import Markdown, { type Components } from 'react-markdown';

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
};

export function MarkdownView({ markdown }: { markdown: string }) {
  return (
    <div className="viz-markdown" data-testid="panel-markdown">
      <Markdown skipHtml components={components}>
        {markdown}
      </Markdown>
    </div>
  );
}
