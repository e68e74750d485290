package main

import (
	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// connect returns the client a command uses, and a function to call when done. With --demo it
// starts an in-process fake serving sequenceID as a synthetic waitlist, made with demoOpts;
// otherwise the client reads $FANFARE_SECRET_KEY and $FANFARE_BASE_URL.
func connect(cf commonFlags, sequenceID string, demoOpts ...clienttest.SyntheticOption) (*client.Client, func(), error) {
	opts := []client.Option{
		client.WithUserAgent(client.DefaultUserAgent + " fanfare-cli"),
		client.WithTimeout(cf.timeout),
	}
	if cf.demo {
		var serverOpts []clienttest.ServerOption
		if cf.demoPage > 0 {
			serverOpts = append(serverOpts, clienttest.WithPages(cf.demoPage))
		}
		s := clienttest.NewServer(serverOpts...)
		s.AddSyntheticWaitlist(sequenceID, cf.demoEntries, cf.demoSeed, demoOpts...)
		return s.Client(opts...), s.Close, nil
	}
	c, err := client.New(opts...)
	if err != nil {
		return nil, nil, err
	}
	return c, func() {}, nil
}
