// W4/issue 9: the snippet a customer pastes into their page; the widget loads from this hub.
export function embedSnippet(key: string, agentId: string | null): string {
  const agent = agentId ? ` data-agent-id="${agentId}"` : '';
  return `<script src="${location.origin}/widget/v1.js" data-client-key="${key}"${agent} async></script>`;
}
