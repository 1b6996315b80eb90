import { Page } from '../ui';

export function BrandView() {
  return <Page title="Brand">{null}</Page>;
}
