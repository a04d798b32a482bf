/** Where the preview's own files are served; no built output lives under it. */
export const PREVIEW_PREFIX = '/__notes/';
/** The Server-Sent Events stream that tells open pages about each build. */
export const EVENTS_PATH = `${PREVIEW_PREFIX}events`;
/** The live-reload script, served as a file (not inline) so a page's script-src 'self' policy allows it. */
export const CLIENT_PATH = `${PREVIEW_PREFIX}client.js`;
/** The id of the overlay element the client shows when the last build had errors. */
export const OVERLAY_ID = 'notes-preview-overlay';

/**
 * The script every served HTML page loads. It listens on the event stream; a state whose version
 * differs from the one the page was served with reloads the page, otherwise it shows (or removes)
 * the overlay of problems. Text goes in with textContent and styles through the CSSOM, so a note's
 * message is never parsed as HTML and no inline style is needed.
 */
export const CLIENT_SCRIPT = `(function () {
  'use strict';
  var me = document.currentScript;
  var version = me ? me.getAttribute('data-version') : null;
  var source = new EventSource(${JSON.stringify(EVENTS_PATH)});
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.version !== version) {
      source.close();
      location.reload();
      return;
    }
    render(state.problems || []);
  };
  function el(tag, text, style) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    for (var key in style) node.style[key] = style[key];
    return node;
  }
  function render(problems) {
    var old = document.getElementById(${JSON.stringify(OVERLAY_ID)});
    if (old) old.remove();
    if (problems.length === 0) return;
    var panel = el('section', '', {
      position: 'fixed', left: '0', right: '0', bottom: '0', zIndex: '2147483647', maxHeight: '50vh', overflow: 'auto',
      background: '#fff4f4', color: '#1a1a1a', borderTop: '4px solid #b00020', padding: '0.75rem 1rem',
      font: '13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', boxShadow: '0 -2px 12px rgba(0,0,0,0.25)'
    });
    panel.id = ${JSON.stringify(OVERLAY_ID)};
    panel.setAttribute('role', 'alert');
    panel.setAttribute('aria-label', 'notes preview: build problems');
    var close = el('button', 'Hide', { float: 'right', font: 'inherit', cursor: 'pointer' });
    close.type = 'button';
    close.onclick = function () { panel.remove(); };
    panel.appendChild(close);
    panel.appendChild(el('strong', 'The last change has errors: this page shows the last good build.', { display: 'block', marginBottom: '0.5rem' }));
    var list = el('ul', '', { margin: '0', padding: '0', listStyle: 'none' });
    for (var i = 0; i < problems.length; i++) {
      var p = problems[i];
      var item = el('li', '', { margin: '0.25rem 0', whiteSpace: 'pre-wrap' });
      if (p.where) item.appendChild(el('span', p.where + '  ', { fontWeight: 'bold' }));
      item.appendChild(el('span', p.severity + '  ', { color: p.severity === 'error' ? '#b00020' : '#8a5a00' }));
      item.appendChild(el('span', p.message));
      if (p.ruleId) item.appendChild(el('span', '  ' + p.ruleId, { color: '#666' }));
      list.appendChild(item);
    }
    panel.appendChild(list);
    document.body.appendChild(panel);
  }
})();
`;
