import { startTransition, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';

/** How far below (or above) the screen something starts loading: about a screen ahead of the reader. */
const margin = '600px 0px';

/** True once the element has come within `margin` of the screen, or the page is about to print. */
function useNearScreen(element: React.RefObject<HTMLElement | null>): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const target = element.current;
    if (near || !target) return;
    // A transition: what appears below the screen need not hold up anything the reader is doing.
    const show = () => startTransition(() => setNear(true));
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && show(), {
      rootMargin: margin,
    });
    observer.observe(target);
    window.addEventListener('beforeprint', show);
    return () => {
      observer.disconnect();
      window.removeEventListener('beforeprint', show);
    };
  }, [element, near]);
  return near;
}

/**
 * Renders its children, and loads the code they need (React.lazy), only when the reader nears
 * them (issue 22): a chart below the fold costs nothing on a first load, neither the download
 * of its library nor the main-thread time to evaluate and draw it. Until then, and while the
 * code loads, it holds `height` so that nothing below moves when the children arrive.
 */
export function NearScreen({ height, children }: { height: number; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const near = useNearScreen(box);
  const placeholder = <div style={{ height }} />;
  return <div ref={box}>{near ? <Suspense fallback={placeholder}>{children}</Suspense> : placeholder}</div>;
}
