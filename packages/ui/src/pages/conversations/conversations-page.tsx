export function ConversationsPage() {
  return <h2>Conversations</h2>;
}
