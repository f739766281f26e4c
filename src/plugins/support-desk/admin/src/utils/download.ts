/** Saves a CSV the admin API answers (authenticated request through the fetch client) as a file. */
export async function downloadCsv(get: (url: string, options: { responseType: 'blob' }) => Promise<{ data: Blob }>, url: string, filename: string) {
  const { data } = await get(url, { responseType: 'blob' });
  const href = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
