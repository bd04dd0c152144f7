import type { APIRoute } from 'astro';

export const prerender = true;

export const GET: APIRoute = ({ site }) => {
  const sitemap = new URL('/sitemap.xml', site ?? 'http://localhost:4321').href;
  // Ticket pages carry private keys in their URLs; the agent workspace is behind sign-in.
  const body = [
    'User-agent: *',
    'Disallow: /tickets/',
    'Disallow: /ru/tickets/',
    'Disallow: /agent/',
    'Disallow: /api/',
    `Sitemap: ${sitemap}`,
    '',
  ].join('\n');
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
