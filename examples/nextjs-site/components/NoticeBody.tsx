import Markdown, { type Components } from "react-markdown";

/** The light Markdown a notice update may hold: paragraphs, emphasis, links, lists, code. */
const ALLOWED = ["p", "em", "strong", "del", "a", "ul", "ol", "li", "code", "br"];

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} rel="nofollow noopener noreferrer">
      {children}
    </a>
  ),
};

/**
 * An update's body, rendered from Markdown to React elements: raw HTML in it is dropped
 * (`skipHtml`), other elements (headings, images, tables) are reduced to their text, and link
 * targets go through react-markdown's URL filter (no `javascript:`). Nothing reaches the page as
 * HTML.
 */
export function NoticeBody({ text }: { text: string }) {
  return (
    <div className="notice-body">
      <Markdown allowedElements={ALLOWED} unwrapDisallowed skipHtml components={components}>
        {text}
      </Markdown>
    </div>
  );
}
