/**
 * AG Grid Community, with only the modules these screens use registered (smaller bundle, and the
 * grid's validation tells us in development when a feature needs a module we did not register).
 * The theme is the JS Theming API: the grid injects its CSS as <style> elements, which our CSP allows
 * (style-src 'self' 'unsafe-inline'); its icons are inline data: SVGs (img-src data:); fonts are
 * inherited from the app, so no remote font is ever requested (loadThemeGoogleFonts stays false).
 */
import {
  CellStyleModule,
  ClientSideRowModelModule,
  ColumnAutoSizeModule,
  CustomEditorModule,
  EventApiModule,
  ExternalFilterModule,
  InfiniteRowModelModule,
  ModuleRegistry,
  QuickFilterModule,
  RenderApiModule,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
  TooltipModule,
  themeQuartz,
} from 'ag-grid-community';

ModuleRegistry.registerModules([
  CustomEditorModule,
  ClientSideRowModelModule,
  InfiniteRowModelModule,
  RowSelectionModule,
  QuickFilterModule,
  ExternalFilterModule,
  CellStyleModule,
  RowStyleModule,
  TooltipModule,
  RowApiModule,
  RenderApiModule,
  ScrollApiModule,
  EventApiModule,
  ColumnAutoSizeModule,
]);

export const gridTheme = themeQuartz.withParams({
  fontFamily: 'inherit',
  fontSize: 13,
  headerFontSize: 13,
  headerFontWeight: 600,
  accentColor: '#1368aa',
  foregroundColor: '#1d2330',
  headerBackgroundColor: '#f3f5f8',
  rowHoverColor: '#f1f6fb',
  selectedRowBackgroundColor: '#e3eef8',
  borderColor: '#dde1e7',
  wrapperBorderRadius: 6,
  spacing: 6,
  browserColorScheme: 'light',
});
