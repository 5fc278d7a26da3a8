# One image for every Driftwood service; the command picks the role
# (driftwood index | ui | alerts | ship | up). It runs as the unprivileged `node` user (uid 1000)
# of the Node image; /data (the data dir of `up`, the shipper's queue and checkpoints) belongs to it.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
COPY core/package.json core/
COPY store/package.json store/
COPY shipper/package.json shipper/
COPY shipper/winston/package.json shipper/winston/
COPY indexer/package.json indexer/
COPY ui/package.json ui/
COPY alerting/package.json alerting/
COPY telemetry/package.json telemetry/
RUN npm ci --no-audit --no-fund
COPY . .
RUN cd ui && npx next build
# The code stays root's (read-only to the service); what the service writes belongs to `node`.
RUN ln -s /app/bin/driftwood.ts /usr/local/bin/driftwood && chmod +x /app/bin/driftwood.ts \
  && mkdir -p /data /etc/driftwood/tls \
  && chown -R node:node /data /app/ui/.next
USER node
VOLUME ["/data"]
ENTRYPOINT ["node", "/app/bin/driftwood.ts"]
CMD ["up", "--host", "0.0.0.0", "--data", "/data"]
