import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Elytracloud", template: "%s · Elytracloud" },
  description: "Managed WordPress hosting",
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0d1014" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <header className="site-header">
          <nav aria-label="Site" className="mx-auto flex max-w-3xl items-center justify-between px-4 py-3 sm:px-6">
            <Link href="/" className="font-semibold">
              Elytracloud
            </Link>
            <Link href="/status" className="link">
              Status
            </Link>
          </nav>
        </header>
        {children}
      </body>
    </html>
  );
}
