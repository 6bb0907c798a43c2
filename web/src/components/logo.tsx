export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold ${className}`}>
      <img src="/favicon.svg" alt="" width={24} height={24} />
      Syntera
    </span>
  );
}
