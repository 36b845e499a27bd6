import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What to show instead of the broken screen, given the error and a way to try again. */
  fallback: (error: unknown, retry: () => void) => ReactNode;
  children: ReactNode;
}

/** A screen that fails to draw shows what went wrong instead of a blank window. */
export class ErrorBoundary extends Component<Props, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('a screen failed to draw', error, info.componentStack);
  }

  override render() {
    if (this.state.error !== null) return this.props.fallback(this.state.error, () => this.setState({ error: null }));
    return this.props.children;
  }
}
