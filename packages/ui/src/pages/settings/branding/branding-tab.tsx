export function BrandingTab() {
  return <h2>Branding</h2>;
}
