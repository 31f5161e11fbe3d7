/**
 * The screens of the main window, in navigation order. Adding a screen is one line here: its address
 * (`#/<id>`), its label in the sidebar, and the component (which gets the status, its route and `go`).
 */
import type { ComponentType } from 'react';
import type { AppStatus } from '../shared/api';
import type { Go, Route } from './router';
import { Dashboard } from './screens/Dashboard';
import { Mappings } from './screens/mappings/Mappings';
import { Payments } from './screens/payments/Payments';
import { Reconcile } from './screens/reconcile/Reconcile';
import { Settings } from './screens/Settings';
import { SyncLog } from './screens/log/SyncLog';
import type { Navigate } from './App';

export type ScreenProps = { status: AppStatus | null; route: Route; go: Go; navigate: Navigate };
export type ScreenDef = { id: string; label: string; Component: ComponentType<ScreenProps> };

export const SCREENS: ScreenDef[] = [
  {
    id: 'dashboard',
    label: 'Dashboard',
    Component: (p) => <Dashboard status={p.status} navigate={p.navigate} />,
  },
  { id: 'mappings', label: 'Mappings', Component: (p) => <Mappings route={p.route} go={p.go} /> },
  { id: 'log', label: 'Sync log', Component: (p) => <SyncLog route={p.route} go={p.go} /> },
  { id: 'payments', label: 'Payments', Component: () => <Payments /> },
  { id: 'reconcile', label: 'Reconcile', Component: () => <Reconcile /> },
  { id: 'settings', label: 'Settings', Component: (p) => <Settings status={p.status} /> },
];
