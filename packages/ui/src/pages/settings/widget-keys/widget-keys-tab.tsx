export function WidgetKeysTab() {
  return <h2>Widget keys</h2>;
}
